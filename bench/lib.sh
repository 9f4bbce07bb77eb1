# bench/lib.sh — sourced by the bench scripts: a work directory with a freshly built labctl and a
# labctl.yaml on the test bed's images (test/bed/labctl.yaml) with ten host ports from $BASE,
# torn down (down --volumes) and removed on exit. Needs ROOT, PROJECT, BASE; sets WORK, LABCTL
# and cds into WORK.
WORK=$(mktemp -d)
trap 'cd /; "$WORK/labctl" down --volumes --dir "$WORK/.labctl" --config "$WORK/labctl.yaml" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
printf '[bench] %s\n' "building labctl" >&2
(cd "$ROOT" && go build -o "$WORK/labctl" ./cmd/labctl)
LABCTL="$WORK/labctl"
cd "$WORK"
keys=(backend jaeger_ui jaeger_grpc otlp_grpc otlp_http collector_health collector_metrics collector_prometheus prometheus postgres)
{
	echo "project: $PROJECT"
	sed -n '/^images:/,/^ports:/p' "$ROOT/test/bed/labctl.yaml" | grep -v '^ports:'
	echo "ports:"
	for i in "${!keys[@]}"; do echo "  ${keys[$i]}: $((BASE + i))"; done
} >labctl.yaml
lab() { "$LABCTL" "$@" --config labctl.yaml --dir .labctl; }
