#!/usr/bin/env bash
# bench/lint.sh — how long `labctl lint` takes on the student project (test/student/project),
# files only (--no-docker, and with Docker unreachable: what a pre-commit hook sees), and with the
# images' validators when Docker answers (throwaway containers of the bed's Collector and
# Prometheus images). Prints a Markdown table.
#
#   bench/lint.sh [RUNS]                                              files only
#   BENCH_LINT_DOCKER=1 flock /tmp/labctl-docker.lock bench/lint.sh   also with the validators
set -euo pipefail
RUNS=${1:-10}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)
cp -r "$ROOT/test/student/project" "$WORK/p"
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
run() { # label, env..., -- args...
	local label=$1 t0 t1 times=()
	shift
	local env=()
	while [[ $1 != -- ]]; do env+=("$1"); shift; done
	shift
	for _ in $(seq 1 "$RUNS"); do
		t0=$(date +%s.%N)
		(cd "$WORK/p" && env "${env[@]}" "$WORK/labctl" lint "$@" >/dev/null 2>&1) || true
		t1=$(date +%s.%N)
		times+=("$(python3 -c "print(f'{$t1 - $t0:.3f}')")")
	done
	echo "| $label | $(median "${times[@]}") s | ${times[*]} |"
}
echo "| lint on test/student/project | median of $RUNS | runs (s) |"
echo "|---|---|---|"
run "files only (--no-docker)" X=1 -- --no-docker
run "Docker unreachable" DOCKER_HOST=unix:///nonexistent.sock --
if [[ ${BENCH_LINT_DOCKER:-} == 1 ]]; then
	run "with the validators (bed images)" OTELCOL_IMAGE=labctl-bed/otelcol:0.145.0 PROMETHEUS_IMAGE=labctl-bed/prometheus:2.42 --
fi
