#!/usr/bin/env bash
# bench/red.sh — how long a red verdict takes: for each broken variant of the student project
# (every one of test/student/variants/variants.yaml and bench/red-variants.yaml, or the names
# given), the project is started with the test bed's Docker Compose v2 on the test bed's images,
# `labctl verify --format json --timeout $TIMEOUT` runs on it, and the table says verify's exit
# code and wall time, when its verdict came after the end of the traffic, its failing checks, and
# which of them waited for the whole --timeout (a failing check whose duration is within 2 s of
# it). The green project is measured first, as the floor. Prints Markdown on stdout.
#
#   bench/red.sh [VARIANT...]     env: TIMEOUT (default 60s: the issue's figure), BENCH_PORT_BASE
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CACHE=${LABCTL_BED_CACHE:-$HOME/.cache/labctl-bed}
COMPOSE=$CACHE/bin/docker-compose
TIMEOUT=${TIMEOUT:-60s}
log() { printf '[bench] %s\n' "$*" >&2; }
[[ -x $COMPOSE ]] || { echo "bench/red.sh: run test/bed/build first ($COMPOSE missing)" >&2; exit 1; }
if (($#)); then
	names=("$@")
else
	mapfile -t names < <(python3 -c '
import sys, yaml
for f in sys.argv[1:]:
    for v in yaml.safe_load(open(f))["variants"]: print(v["name"])' "$ROOT/test/student/variants/variants.yaml" "$HERE/red-variants.yaml")
	names=(green "${names[@]}")
fi
WORK=$(mktemp -d)
export PYTHON_IMAGE=labctl-bed/python:3.11 JAEGER_IMAGE=labctl-bed/all-in-one:1.76.0 OTELCOL_IMAGE=labctl-bed/otelcol:0.145.0 \
	POSTGRES_IMAGE=labctl-bed/postgres:15 PROMETHEUS_IMAGE=labctl-bed/prometheus:2.42 \
	BACKEND_PORT=${BENCH_PORT_BASE:-21200} JAEGER_UI_PORT=$((${BENCH_PORT_BASE:-21200} + 1)) PROMETHEUS_PORT=$((${BENCH_PORT_BASE:-21200} + 2))
cleanup() { for d in "$WORK"/*/; do [[ -f $d/compose.yml ]] && (cd "$d" && "$COMPOSE" down --volumes --rmi local --timeout 1 >/dev/null 2>&1 || true); done; rm -rf "$WORK"; }
trap cleanup EXIT
log "building labctl"
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)

# row NAME EXIT WALL JSON: one Markdown row from verify's JSON result.
row() {
	python3 - "$@" "$TIMEOUT" <<'PY'
import datetime, json, re, sys
name, code, wall, path, timeout = sys.argv[1:6]
limit = float(timeout.rstrip("s"))
def t(s):
    return datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", s).replace("Z", "+00:00"))
try:
    r = json.load(open(path))
    after = f"{(t(r['finished_at']) - t(r['traffic_to'])).total_seconds():.1f}"
    failing = [c for c in r["checks"] if c["status"] == "fail"]
    waited = [c["id"] for c in failing if c["duration_ns"] / 1e9 >= limit - 2]
    fails = ", ".join(f"{c['id']} {c['duration_ns'] / 1e9:.1f}" for c in failing) or "none"
except Exception as e:  # no JSON: verify could not run
    after, fails, waited = "-", f"(no result: {e})", []
print(f"| {name} | {code} | {float(wall):.1f} | {after} | {fails} | {', '.join(waited) or 'no'} |")
PY
}
rows=()
for name in "${names[@]}"; do
	dir=$WORK/red-$name # its Compose project name: red-NAME
	python3 "$HERE/variant.py" "$dir" "$name"
	log "$name: up"
	if ! (cd "$dir" && "$COMPOSE" up -d --build --wait >"$dir.up.log" 2>&1); then
		log "$name: compose up --wait failed (a service exits or is unhealthy: what verify must see); verifying anyway"
	fi
	t0=$(date +%s.%N)
	code=0
	(cd "$dir" && "$WORK/labctl" verify --format json --timeout "$TIMEOUT" >"$dir.json" 2>"$dir.err") || code=$?
	t1=$(date +%s.%N)
	(cd "$dir" && "$COMPOSE" down --volumes --rmi local --timeout 1 >/dev/null 2>&1) || true
	rows+=("$(row "$name" "$code" "$(python3 -c "print($t1 - $t0)")" "$dir.json")")
	log "${rows[-1]}"
done
cat <<MD
### Red verdicts: labctl verify on broken variants of the student project ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null), --timeout $TIMEOUT)

| variant | exit | verify's wall time (s) | verdict after the traffic (s) | failing checks (their duration, s) | waited for --timeout |
| --- | --- | --- | --- | --- | --- |
$(printf '%s\n' "${rows[@]}")
MD
