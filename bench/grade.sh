#!/usr/bin/env bash
# bench/grade.sh — labctl grade on the fixture class (test/class: six submissions of the course
# project, four with a working stack), --jobs 1 and --jobs 2 side by side in one run, from warm
# base images (every submission's backend is built; its layers are cached after the first run).
# Measures the wall time of the class and per submission (labctl's own "note … in Xs" line), the
# speedup, labctl's peak RSS (GNU time), and the peak memory of one submission's stack (the sum
# over its containers, sampled every second with docker stats). Prints Markdown on stdout.
#
#   bench/grade.sh [RUNS]      RUNS, default 2 (each run grades the class with --jobs 1 then 2)
set -euo pipefail
RUNS=${1:-2}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
log() { printf '[bench] %s\n' "$*" >&2; }
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }
export PYTHON_IMAGE=labctl-bed/python:3.11 JAEGER_IMAGE=labctl-bed/all-in-one:1.76.0 OTELCOL_IMAGE=labctl-bed/otelcol:0.145.0 \
	POSTGRES_IMAGE=labctl-bed/postgres:15 PROMETHEUS_IMAGE=labctl-bed/prometheus:2.42
WORK=$(mktemp -d)
trap 'for s in alice bob chloe david emma farid; do "$WORK/labctl" down -p labctl-grade-$s -v >/dev/null 2>&1 || true; done; rm -rf "$WORK"' EXIT
log "building labctl"
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)
python3 "$HERE/make-class.py" "$WORK"
cd "$WORK"
N=$(ls submissions | wc -l)

# sample FILE: every second, the memory of each grading project's containers, summed per project.
sample() {
	while sleep 1; do
		docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' 2>/dev/null | awk '
			/^labctl-grade-/ { split($1, a, "-"); p = a[3]; v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[^0-9.]/, "", v)
				m = (u == "GiB") ? v * 1024 : (u == "KiB") ? v / 1024 : v; sum[p] += m }
			END { for (p in sum) printf "%s %.1f\n", p, sum[p] }'
	done >>"$1"
}
# grade JOBS: wall seconds of the class; appends per-submission seconds to per-JOBS.txt and
# labctl's peak RSS (MiB) to rss-JOBS.txt.
grade() {
	local jobs=$1 t0 t1
	sample "mem-$jobs.txt" & local sampler=$!
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "rss.tmp" "$WORK/labctl" grade submissions/* --jobs "$jobs" --force --out "out-$jobs" 2>"log-$jobs.txt" >/dev/null
	t1=$(date +%s.%N)
	kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
	echo "$(($(cat rss.tmp) / 1024))" >>"rss-$jobs.txt"
	sed -n 's/^.*: note .* in \([0-9.]*\)s$/\1/p; s/^.*: note .* in \([0-9]*\)m\([0-9.]*\)s$/\1 \2/p' "log-$jobs.txt" |
		awk 'NF == 2 { print $1 * 60 + $2; next } { print }' >>"per-$jobs.txt"
	python3 -c "print(f'{$t1 - $t0:.1f}')"
}
log "warm-up: build the backends once"
"$WORK/labctl" grade submissions/alice --no-stack >/dev/null 2>&1 || true
"$WORK/labctl" grade submissions/alice --force --out warm >/dev/null 2>&1 || true
one=() two=()
for r in $(seq 1 "$RUNS"); do
	one+=("$(grade 1)")
	two+=("$(grade 2)")
	log "run $r: --jobs 1 ${one[-1]} s, --jobs 2 ${two[-1]} s"
done
m1=$(median "${one[@]}") m2=$(median "${two[@]}")
peak() { sort -k2 -n "$1" 2>/dev/null | tail -1 | awk '{print $2}'; }
cat <<MD
### labctl grade on the fixture class ($N submissions, $RUNS runs, $(date -u +%Y-%m-%d), $(nproc) cores, Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null))

| | --jobs 1 | --jobs 2 | target |
| --- | --- | --- | --- |
| class wall time, median (s) | $m1 (runs: ${one[*]}) | $m2 (runs: ${two[*]}) | |
| speedup | | $(python3 -c "print(f'{$m1 / $m2:.2f}')")× | ≥ 1.5× |
| per submission, median (s) | $(median $(cat per-1.txt)) (max $(sort -n per-1.txt | tail -1)) | $(median $(cat per-2.txt)) (max $(sort -n per-2.txt | tail -1)) | ≤ 30 s for a working one |
| labctl's peak RSS (MiB) | $(sort -n rss-1.txt | tail -1) | $(sort -n rss-2.txt | tail -1) | |
| peak memory of one submission's stack (MiB, docker stats, 1 s samples) | $(peak mem-1.txt) | $(peak mem-2.txt) | ≤ 200 |
MD
