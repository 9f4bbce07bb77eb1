#!/usr/bin/env bash
# bench/build-compose.sh — build Docker Compose v2 from the Go module proxy (no registry or GitHub
# download needed) into ${LABCTL_BENCH_CACHE:-$HOME/.cache/labctl-bench}/docker-compose and print
# its path. `go install github.com/docker/compose/v2/cmd@VERSION` refuses the module (its go.mod has
# exclude directives), so the module is downloaded, copied and built in place (~3 min on 2 cores).
set -euo pipefail
VERSION=${COMPOSE_VERSION:-v2.40.3}
CACHE=${LABCTL_BENCH_CACHE:-$HOME/.cache/labctl-bench}
BIN=$CACHE/docker-compose-$VERSION
if [[ ! -x $BIN ]]; then
	mkdir -p "$CACHE"
	dir=$(go mod download -json "github.com/docker/compose/v2@$VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
	src=$(mktemp -d "$CACHE/src.XXXXXX")
	cp -r "$dir/." "$src"
	chmod -R u+w "$src"
	(cd "$src" && GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp" ./cmd) >&2
	mv "$BIN.tmp" "$BIN"
	rm -rf "$src"
fi
echo "$BIN"
