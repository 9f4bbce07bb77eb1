#!/usr/bin/env bash
# bench/up.sh — time `labctl up`/`down` against Docker Compose v2 on the same rendered compose.yaml,
# with the test bed's warm images (test/bed/build), alternating runs; then each service's own
# time-to-ready and the stack's memory once ready. Prints a Markdown report on stdout (progress on
# stderr); bench/RESULTS.md keeps one.
#
#   bench/up.sh [RUNS]          RUNS per tool, default 5
#
# Env: COMPOSE (a docker-compose v2 binary; default: bench/build-compose.sh builds one),
#      BENCH_PORT_BASE (default 22000: ten host ports from there, outside the ephemeral range).
# Not a test: nothing asserts, it measures.
set -euo pipefail
RUNS=${1:-5}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BASE=${BENCH_PORT_BASE:-22000}
PROJECT=labctl-bench
log() { printf '[bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }

for img in labctl-bed/jaeger:2.13.0 labctl-bed/otelcol:0.145.0 labctl-bed/postgres:15 labctl-bed/prometheus:2.42 labctl-bed/python:3.11; do
	docker image inspect "$img" >/dev/null 2>&1 || { echo "bench: image $img is missing; run test/bed/build" >&2; exit 2; }
done
COMPOSE=${COMPOSE:-$("$HERE/build-compose.sh")}

. "$HERE/lib.sh"
port() { sed -n '/^ports:/,$p' labctl.yaml | awk -v k="$1:" '$1 == k {print $2}'; }

dc() { "$COMPOSE" -p "$PROJECT" -f .labctl/compose.yaml "$@"; }

log "warming up: render, build the backend image once"
lab up --quiet >/dev/null
lab down --volumes >/dev/null 2>&1

# probe SERVICE: exit 0 when the service answers as labctl's readiness probe says.
probe() {
	case $1 in
	jaeger) curl -fs -o /dev/null -m 1 "http://127.0.0.1:$(port jaeger_ui)/api/services" ;;
	collector) curl -fs -o /dev/null -m 1 "http://127.0.0.1:$(port collector_health)/" ;;
	prometheus) curl -fs -o /dev/null -m 1 "http://127.0.0.1:$(port prometheus)/-/ready" ;;
	backend) curl -fs -o /dev/null -m 1 "http://127.0.0.1:$(port backend)/health" ;;
	postgres)
		(exec 3<>"/dev/tcp/127.0.0.1/$(port postgres)") 2>/dev/null &&
			[[ $(docker inspect -f '{{.State.Health.Status}}' "$PROJECT-postgres-1" 2>/dev/null) == healthy ]]
		;;
	esac
}
wait_ready() { until probe "$1"; do sleep 0.05; done; }

declare -a L_UP L_DOWN C_UP C_DOWN
run_labctl() {
	local t
	t=$(now); lab up --quiet >/dev/null; L_UP+=("$(since "$t")")
	t=$(now); lab down --volumes >/dev/null 2>&1; L_DOWN+=("$(since "$t")")
}
run_compose() {
	local t
	t=$(now); dc up -d --wait >/dev/null 2>&1; C_UP+=("$(since "$t")")
	t=$(now); dc down --volumes >/dev/null 2>&1; C_DOWN+=("$(since "$t")")
}
for i in $(seq 1 "$RUNS"); do
	if ((i % 2)); then run_labctl; run_compose; else run_compose; run_labctl; fi
	log "run $i/$RUNS: labctl up ${L_UP[-1]}s down ${L_DOWN[-1]}s | compose up ${C_UP[-1]}s down ${C_DOWN[-1]}s"
done

# Each service alone: from `compose up --no-deps SERVICE` to its readiness probe passing; the
# backend's dependencies (postgres, collector, jaeger) are up and ready before its clock starts.
declare -A ALONE
for svc in jaeger collector prometheus postgres backend; do
	samples=()
	for i in 1 2 3; do
		if [[ $svc == backend ]]; then dc up -d --wait postgres collector jaeger >/dev/null 2>&1; fi
		t=$(now)
		dc up -d --no-deps "$svc" >/dev/null 2>&1
		wait_ready "$svc"
		samples+=("$(since "$t")")
		dc down --volumes >/dev/null 2>&1
	done
	ALONE[$svc]=$(printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p)
	log "$svc alone: ${samples[*]} (median ${ALONE[$svc]}s)"
done

# Memory once ready: the stats API's usage minus page cache, summed over the containers.
lab up --quiet >/dev/null
sleep 5
MEM=$(for id in $(docker ps -q --filter "label=com.docker.compose.project=$PROJECT"); do
	curl -s --unix-socket /var/run/docker.sock "http://localhost/containers/$id/stats?stream=false" |
		python3 -c 'import json,sys; s=json.load(sys.stdin); m=s["memory_stats"]; st=m.get("stats",{}); c=st.get("total_inactive_file", st.get("inactive_file", st.get("cache",0))); print(s["name"].lstrip("/"), m["usage"]-c)'
done)
lab down --volumes >/dev/null 2>&1

median() { printf '%s\n' "$@" | sort -n | python3 -c 'import sys,statistics; print(f"{statistics.median(float(l) for l in sys.stdin):.2f}")'; }
lu=$(median "${L_UP[@]}"); ld=$(median "${L_DOWN[@]}"); cu=$(median "${C_UP[@]}"); cd_=$(median "${C_DOWN[@]}")
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
slowest=$(for s in "${!ALONE[@]}"; do echo "${ALONE[$s]} $s"; done | sort -n | tail -1)
chain=$(python3 -c "import sys; print(f'{float(sys.argv[1]) + float(sys.argv[2]):.2f}')" "${ALONE[postgres]}" "${ALONE[backend]}")

cat <<MD
## Run of $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); Docker engine $(docker version -f '{{.Server.Version}}') (API $(docker version -f '{{.Server.APIVersion}}')); $("$COMPOSE" version --short 2>/dev/null | sed 's/^/Compose /') built from github.com/docker/compose/v2@${COMPOSE_VERSION:-v2.40.3}; load average at start $(cut -d' ' -f1-3 /proc/loadavg).
Images: the test bed's (labctl-bed/*), warm; the backend image built once before the runs. Every
\`up\` starts from nothing (previous \`down --volumes\`), so PostgreSQL runs initdb each time.

| | labctl | docker compose v2 | ratio |
|---|---|---|---|
| \`up\` (labctl: every probe passes; compose: \`up -d --wait\`), median of $RUNS | ${lu} s | ${cu} s | $(ratio "$lu" "$cu") |
| \`down --volumes\`, median of $RUNS | ${ld} s | ${cd_} s | $(ratio "$ld" "$cd_") |

Runs (s): labctl up ${L_UP[*]}; compose up ${C_UP[*]}; labctl down ${L_DOWN[*]}; compose down ${C_DOWN[*]}.

Each service alone, from \`compose up --no-deps\` to its readiness probe (median of 3): $(for s in jaeger collector prometheus postgres backend; do printf '%s %ss; ' "$s" "${ALONE[$s]}"; done)
slowest: ${slowest#* } ${slowest%% *} s → labctl up / slowest = $(ratio "$lu" "${slowest%% *}").
Critical path postgres (healthy) then backend: ${chain} s → labctl up / chain = $(ratio "$lu" "$chain").

Memory once ready (stats API, usage minus page cache):
$(echo "$MEM" | awk '{printf "%s %.1f MiB; ", $1, $2/1048576; t+=$2} END {printf "\ntotal %.1f MiB\n", t/1048576}')
MD
