#!/usr/bin/env bash
# bench/verify.sh — how long after `labctl up` returns does `labctl verify` pass, against the
# floor the pipeline sets (batch timeout + postgresql collection_interval + Prometheus
# scrape_interval, the lab's defaults: 0.2 + 2 + 5 s); and `labctl verify` on a stack that is
# already green. Test bed images (test/bed/build), fresh stack (down --volumes) per run.
# Prints a Markdown report on stdout (progress on stderr); bench/RESULTS.md keeps one.
#
#   bench/verify.sh [RUNS]      RUNS, default 5
#
# Env: BENCH_PORT_BASE (default 21000: ten host ports from there). Not a test: it measures.
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BASE=${BENCH_PORT_BASE:-21000}
PROJECT=labctl-bench-verify
FLOOR=7.2 # batch 0.2 s + collection_interval 2 s + scrape_interval 5 s
log() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

. "$HERE/lib.sh"
first=() green=()
for r in $(seq 1 "$RUNS"); do
	lab down --volumes >/dev/null 2>&1 || true
	lab up --quiet >/dev/null
	t0=$(now)
	lab verify --timeout 90s >/dev/null 2>&1 || { log "run $r: verify failed"; exit 1; }
	t1=$(now)
	lab verify --timeout 90s >/dev/null 2>&1 || { log "run $r: second verify failed"; exit 1; }
	t2=$(now)
	first+=("$(elapsed "$t0" "$t1")")
	green+=("$(elapsed "$t1" "$t2")")
	log "run $r: up→verify pass ${first[-1]} s, green verify ${green[-1]} s"
done
lab down --volumes >/dev/null 2>&1

m1=$(median "${first[@]}")
m2=$(median "${green[@]}")
cat <<MD
### verify ($RUNS runs, $(date -u +%Y-%m-%d), $(nproc) cores, Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null))

| measure | median (s) | runs (s) | target |
| --- | --- | --- | --- |
| \`up\` returns → \`verify\` passes | $m1 | ${first[*]} | within 1 s of the floor $FLOOR s (batch 0.2 + collection 2 + scrape 5) |
| \`verify\` on a green stack | $m2 | ${green[*]} | under 2 s |
MD
