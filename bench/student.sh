#!/usr/bin/env bash
# bench/student.sh — verify on a student's own project (test/student/project, started with the
# test bed's Docker Compose v2 on the test bed's images): time from the end of verify's traffic to
# its verdict, against the floor the project's own pipeline sets (the Python SDK's export delay
# 5 s + the Collector's batch timeout 0.2 s for spans; the receiver's collection interval 10 s +
# Prometheus's scrape interval 5 s for a new postgresql_* value), for a green stack and for a
# broken variant (exporter-localhost: the Collector sends to itself). Side by side, in one run.
# Prints Markdown on stdout (progress on stderr).
#
#   bench/student.sh [RUNS]      RUNS, default 3
set -euo pipefail
RUNS=${1:-3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${LABCTL_BED_CACHE:-$HOME/.cache/labctl-bed}
COMPOSE=$CACHE/bin/docker-compose
log() { printf '[bench] %s\n' "$*" >&2; }
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }
# verdict FILE: seconds from the end of the traffic to the end of the run, from verify's JSON.
verdict() {
	python3 - "$1" <<'PY'
import datetime, json, re, sys
r = json.load(open(sys.argv[1]))
def t(s):  # RFC 3339 with nanoseconds: keep microseconds for fromisoformat
    return datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", s).replace("Z", "+00:00"))
print(f"{(t(r['finished_at']) - t(r['traffic_to'])).total_seconds():.2f}")
PY
}

[[ -x $COMPOSE ]] || { echo "bench/student.sh: run test/bed/build first ($COMPOSE missing)" >&2; exit 1; }
WORK=$(mktemp -d)
export PYTHON_IMAGE=labctl-bed/python:3.11 JAEGER_IMAGE=labctl-bed/all-in-one:1.76.0 OTELCOL_IMAGE=labctl-bed/otelcol:0.145.0 \
	POSTGRES_IMAGE=labctl-bed/postgres:15 PROMETHEUS_IMAGE=labctl-bed/prometheus:2.42 \
	BACKEND_PORT=${BENCH_PORT_BASE:-21100} JAEGER_UI_PORT=$((${BENCH_PORT_BASE:-21100} + 1)) PROMETHEUS_PORT=$((${BENCH_PORT_BASE:-21100} + 2))
cleanup() { for d in "$WORK"/*/; do [[ -d $d ]] && (cd "$d" && "$COMPOSE" down --volumes --timeout 1 >/dev/null 2>&1 || true); done; rm -rf "$WORK"; }
trap cleanup EXIT
log "building labctl"
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)

# project NAME: a fresh copy of the student project in $WORK/NAME, with an optional edit.
project() {
	rm -rf "${WORK:?}/$1" && cp -r "$ROOT/test/student/project" "$WORK/$1"
}
measure() { # NAME → appends the verdict time to the array named by $2
	local dir=$WORK/$1 out
	out=$(mktemp)
	(cd "$dir" && "$COMPOSE" up -d --build --wait >/dev/null 2>&1)
	(cd "$dir" && "$WORK/labctl" verify --format json --timeout 90s >"$out" 2>/dev/null) || true
	(cd "$dir" && "$COMPOSE" down --volumes --timeout 1 >/dev/null 2>&1)
	verdict "$out"
}
green=() red=()
for r in $(seq 1 "$RUNS"); do
	project stu-bench-green
	green+=("$(measure stu-bench-green)")
	project stu-bench-red
	sed -i 's/endpoint: jaeger:4317/endpoint: localhost:4317/' "$WORK/stu-bench-red/otel-collector-config.yaml"
	red+=("$(measure stu-bench-red)")
	log "run $r: green ${green[-1]} s, red ${red[-1]} s after the traffic"
done
cat <<MD
### verify on a student's project ($RUNS runs, $(date -u +%Y-%m-%d), $(nproc) cores, Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null))

| verdict | median after the traffic (s) | runs (s) | floor | target |
| --- | --- | --- | --- | --- |
| green (working project, DB span a bonus with no evidence) | $(median "${green[@]}") | ${green[*]} | spans 5.2 s; a new postgresql_commits_total value up to 10 s (collection) | within 2 s of the floor |
| red (exporter-localhost) | $(median "${red[@]}") | ${red[*]} | spans 5.2 s | within 10 s of the floor |
MD
