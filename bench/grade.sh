#!/usr/bin/env bash
# bench/grade.sh — labctl grade on the fixture class (test/class: six submissions of the course
# project, four with a working stack), COPIES times (COPIES=5: a class of 30, every copy the same
# note), at each --jobs of JOBS in turn within each run, from warm base images (every
# submission's backend is built; its layers are cached after the warm-up). The submissions get
# the test bed's images with --env (grade interpolates a submission from its own .env and --env
# only), and every result is checked: its note and unmet criteria must be class.yaml's and its
# stack must have run (verify's criteria checked); otherwise the bench fails, naming the submission,
# instead of timing a class graded from its reports alone.
# Measures the wall time of the class and per submission (labctl's own "note … in Xs" line),
# labctl's peak RSS (GNU time), and the peak memory of one submission's stack (the sum over its
# containers, sampled every second with docker stats). Prints Markdown on stdout.
#
#   bench/grade.sh [RUNS]     RUNS, default 2
#   env: COPIES (default 1), JOBS (default "1 2"), GRADE_FLAGS (more flags for every grade),
#        LABCTL_B (another labctl binary, e.g. built from an older commit: each run then grades
#        with this tree's labctl and with it, in turn, at every --jobs: a side-by-side comparison),
#        BENCH_LOGS (a folder: labctl's progress lines of every class run are copied there, each
#        line with the seconds since the class started: where a submission's time goes)
set -euo pipefail
RUNS=${1:-2}
COPIES=${COPIES:-1}
read -r -a JOBS <<<"${JOBS:-1 2}"
read -r -a EXTRA <<<"${GRADE_FLAGS:-}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench/grade.sh: %s\n' "$*" >&2; exit 1; }
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.1f}')" "$@"; }
export PYTHON_IMAGE=labctl-bed/python:3.11 JAEGER_IMAGE=labctl-bed/all-in-one:1.76.0 OTELCOL_IMAGE=labctl-bed/otelcol:0.145.0 \
	POSTGRES_IMAGE=labctl-bed/postgres:15 PROMETHEUS_IMAGE=labctl-bed/prometheus:2.42
ENV_FLAGS=(--env PYTHON_IMAGE --env JAEGER_IMAGE --env OTELCOL_IMAGE --env POSTGRES_IMAGE --env PROMETHEUS_IMAGE)
DEADLINE=2026-12-15T23:59:00+01:00 # test/e2e/class_test.go's classDeadline, for the on-time criterion
for img in $PYTHON_IMAGE $JAEGER_IMAGE $OTELCOL_IMAGE $POSTGRES_IMAGE $PROMETHEUS_IMAGE; do
	docker image inspect "$img" >/dev/null 2>&1 || die "image $img is missing: run test/bed/build first"
done
WORK=$(mktemp -d)
trap 'for d in "$WORK"/submissions/*/; do "$WORK/labctl" down -p "labctl-grade-$(basename "$d")" -v >/dev/null 2>&1 || true; done; rm -rf "$WORK"' EXIT
log "building labctl"
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)
BINS=(A)
LABCTL_A=$WORK/labctl
if [[ -n ${LABCTL_B:-} ]]; then
	[[ -x $LABCTL_B ]] || die "LABCTL_B=$LABCTL_B is not an executable"
	BINS+=(B)
fi
# The students are named benchalice, benchbob...: test/e2e's class tests remove the grading
# projects of their own students (labctl-grade-alice...) when they end, whoever runs them.
python3 "$HERE/make-class.py" "$WORK" "$COPIES" bench
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
# check OUT: every result in OUT has its expected note and unmet criteria, no error, and verify's
# criteria checked (its stack ran); else name each one that has not, and fail.
check() {
	python3 - "$1" expected.txt <<'PY' || die "the class was not graded as measured by hand (above): these times are not a class's"
import json, os, sys
out, bad = sys.argv[1], []
for line in open(sys.argv[2]):
    student, note, unmet = line.split()
    unmet = set() if unmet == "-" else set(unmet.split(","))
    path = os.path.join(out, student + ".json")
    if not os.path.exists(path):
        bad.append(f"{student}: no result in {out}"); continue
    r = json.load(open(path))
    ran = [c for c in r["criteria"] if c.get("proof", "").startswith("check ")]
    if r.get("error"):
        bad.append(f"{student}: grading failed: {r['error']}")
    elif not ran or not all(c["checked"] for c in ran):
        bad.append(f"{student}: its stack did not run (verify's criteria not checked: "
                   + ", ".join(c["id"] + ": " + c.get("evidence", "") for c in ran if not c["checked"])[:300] + ")")
    else:
        got = {c["id"] for c in r["criteria"] if c["checked"] and not c["met"]}
        if r["note"] != float(note) or got != unmet:
            bad.append(f"{student}: note {r['note']}, unmet {sorted(got)}; expected {note}, {sorted(unmet)}: "
                       + "; ".join(c["evidence"][:200] for c in r["criteria"] if c["id"] in got ^ unmet))
for b in bad:
    print("bench/grade.sh: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
# stamp: each line of stdin after the seconds since it started ("  12.3 student: up in 8.2s").
stamp() { python3 -uc 'import sys, time
t0 = time.time()
for l in sys.stdin: print(f"{time.time() - t0:7.1f} {l}", end="", flush=True)'; }
# grade BIN JOBS: wall seconds of the class; appends per-submission seconds to per-BIN-JOBS.txt
# and labctl's peak RSS (MiB) to rss-BIN-JOBS.txt.
grade() {
	local bin=$1 jobs=$2 t0 t1 exe tag=$1-$2
	exe=LABCTL_$bin
	sample "mem-$tag.txt" &
	local sampler=$!
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "rss.tmp" "${!exe}" grade submissions/* --jobs "$jobs" --force --deadline "$DEADLINE" \
		--out "out-$tag" "${ENV_FLAGS[@]}" "${EXTRA[@]}" 2> >(stamp >"log-$tag.txt") >/dev/null || true
	t1=$(date +%s.%N)
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null || true
	sleep 0.2 # the stamp process writes its last lines
	if [[ -n ${BENCH_LOGS:-} ]]; then mkdir -p "$BENCH_LOGS" && cat "log-$tag.txt" >>"$BENCH_LOGS/grade-$tag.log"; fi
	check "out-$tag"
	echo "$(($(cat rss.tmp) / 1024))" >>"rss-$tag.txt"
	sed -n 's/^.*: note .* in \([0-9.]*\)s$/\1/p; s/^.*: note .* in \([0-9]*\)m\([0-9.]*\)s$/\1 \2/p' "log-$tag.txt" |
		awk 'NF == 2 { print $1 * 60 + $2; next } { print }' >>"per-$tag.txt"
	python3 -c "print(f'{$t1 - $t0:.1f}')"
}
log "warm-up: build the backends once"
"$WORK/labctl" grade submissions/benchalice --no-stack >/dev/null 2>&1 || true
"$WORK/labctl" grade submissions/benchalice --force --out warm "${ENV_FLAGS[@]}" >/dev/null 2>&1 || true
declare -A walls
for r in $(seq 1 "$RUNS"); do
	for jobs in "${JOBS[@]}"; do
		for bin in "${BINS[@]}"; do
			w=$(grade "$bin" "$jobs")
			walls[$bin-$jobs]+="$w "
			log "run $r: labctl $bin --jobs $jobs: ${w} s"
		done
	done
done
peak() { sort -k2 -n "$1" 2>/dev/null | tail -1 | awk '{print $2}'; }
echo "### labctl grade on the fixture class ×$COPIES ($N submissions, $RUNS runs, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null))"
echo
[[ ${#BINS[@]} == 1 ]] || echo "A: this tree's labctl; B: $LABCTL_B. Every result checked: the expected note, the stack run."
echo
echo "| labctl, --jobs | class wall time, median (s) | runs (s) | per submission, median (max) (s) | labctl peak RSS (MiB) | one stack's peak memory (MiB) |"
echo "| --- | --- | --- | --- | --- | --- |"
for jobs in "${JOBS[@]}"; do
	for bin in "${BINS[@]}"; do
		tag=$bin-$jobs
		# shellcheck disable=SC2086 # the runs are space-separated on purpose
		echo "| $bin, $jobs | $(median ${walls[$tag]}) | ${walls[$tag]}| $(median $(cat "per-$tag.txt")) ($(sort -n "per-$tag.txt" | tail -1)) | $(sort -n "rss-$tag.txt" | tail -1) | $(peak "mem-$tag.txt") |"
	done
done
