#!/usr/bin/env bash
# Installs labctl's release binary for the GitHub runner (action.yml's
# first step): the archive GoReleaser publishes for the runner's OS and
# architecture (.goreleaser.yaml's name_template), checked against the
# release's checksums.txt, put on the PATH of the steps that follow.
#
# Env: RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT (set by
# the runner); LABCTL_VERSION ("latest" or a tag such as v1.2.3);
# LABCTL_ACTION_DRY_RUN=1 prints the tag and the archive name and stops
# (the tests' way to check the names against .goreleaser.yaml).
set -euo pipefail

repo=labctl/labctl
fail() { echo "::error title=labctl install::$*"; exit 1; }

case "${RUNNER_OS:-}" in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows ;;
  *) fail "no labctl release for the runner OS '${RUNNER_OS:-}' (Linux, macOS, Windows)" ;;
esac
case "${RUNNER_ARCH:-}" in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) fail "no labctl release for the runner architecture '${RUNNER_ARCH:-}' (X64, ARM64)" ;;
esac
ext=tar.gz
if [ "$os" = windows ]; then ext=zip; fi

tag=${LABCTL_VERSION:-latest}
if [ "$tag" = latest ]; then
  if [ -n "${LABCTL_ACTION_DRY_RUN:-}" ]; then
    tag=v0.0.0
  else
    # github.com/OWNER/REPO/releases/latest redirects to .../releases/tag/TAG.
    url=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "https://github.com/$repo/releases/latest") ||
      fail "cannot find the latest release of $repo"
    tag=${url##*/}
  fi
fi
case "$tag" in v*) ;; *) tag=v$tag ;; esac
# GoReleaser's .Version is the tag without its leading v.
archive="labctl_${tag#v}_${os}_${arch}.${ext}"

if [ -n "${LABCTL_ACTION_DRY_RUN:-}" ]; then
  echo "$tag $archive"
  exit 0
fi

dir="${RUNNER_TEMP:-$(mktemp -d)}/labctl-$tag"
mkdir -p "$dir"
base="https://github.com/$repo/releases/download/$tag"
curl -fsSL -o "$dir/$archive" "$base/$archive" || fail "cannot download $base/$archive"
curl -fsSL -o "$dir/checksums.txt" "$base/checksums.txt" || fail "cannot download $base/checksums.txt"
want=$(awk -v f="$archive" '$2 == f {print $1}' "$dir/checksums.txt")
[ -n "$want" ] || fail "$archive is not in the release's checksums.txt"
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$dir/$archive" | awk '{print $1}')
else
  got=$(shasum -a 256 "$dir/$archive" | awk '{print $1}')
fi
[ "$got" = "$want" ] || fail "$archive: sha256 $got, checksums.txt says $want"

if [ "$ext" = zip ]; then
  unzip -q -o "$dir/$archive" -d "$dir"
else
  tar -xzf "$dir/$archive" -C "$dir"
fi
echo "$dir" >>"${GITHUB_PATH:-/dev/null}"
echo "version=$tag" >>"${GITHUB_OUTPUT:-/dev/null}"
echo "labctl $tag installed ($os/$arch)"
