#!/usr/bin/env bash
# The npm package of the static binary (make npm): integrations/npm/ with the binary as its bin
# (no JavaScript launcher: npm links bin/tenant-guard into node_modules/.bin, so npx runs the
# executable itself, its exit status and output untouched), the project's LICENSE and the
# third-party notices of the static build. The package's version is the one the binary reports,
# so the two cannot disagree.
#
#   packaging/npm_package.sh STATIC_BINARY OUT_DIR
#
# STATIC_BINARY is what make static wrote (build-static/tenant-guard-VERSION-x86_64-linux), with
# THIRD-PARTY-NOTICES.txt beside it. Writes OUT_DIR/tenant-guard-VERSION.tgz, by `npm pack`,
# which needs no network.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# = 2 ] || { echo "usage: $0 STATIC_BINARY OUT_DIR" >&2; exit 2; }
binary=$(realpath -- "$1")
mkdir -p "$2"
out_dir=$(realpath -- "$2")
notices=$(dirname "$binary")/THIRD-PARTY-NOTICES.txt
[ -f "$notices" ] || { echo "npm_package.sh: $notices is missing (make static writes it)" >&2; exit 2; }

version=$("$binary" --version | sed -n '1s/^tenant-guard //p')
[ -n "$version" ] || { echo "npm_package.sh: $binary reports no version" >&2; exit 1; }

work=$(mktemp -d /tmp/tenant_guard_npm.XXXXXX)
trap 'rm -rf "$work"' EXIT
staging=$work/package
mkdir "$staging"
cp "$SOURCE_DIR/integrations/npm/package.json" "$SOURCE_DIR/integrations/npm/README.md" \
    "$SOURCE_DIR/LICENSE" "$notices" "$staging/"
install -D -m 755 "$binary" "$staging/bin/tenant-guard"
# Neither the caller's npm configuration nor its cache: packing reads nothing from anywhere.
export npm_config_userconfig=/dev/null npm_config_cache=$work/npm-cache npm_config_update_notifier=false
(cd "$staging" && npm pkg set "version=$version")
tarball=$(cd "$staging" && npm pack --silent --pack-destination "$out_dir")
echo "# $out_dir/$tarball: $(stat -c %s "$out_dir/$tarball") bytes"
