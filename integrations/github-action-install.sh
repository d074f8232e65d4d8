#!/usr/bin/env bash
# The first step of the GitHub Action (action.yml): gets the tenant-guard the check step runs.
# action.yml hands over its inputs as environment variables:
#
#   TENANT_GUARD_BIN              a tenant-guard already on the runner (a path or a command on
#                                 PATH): used as it is, nothing installed
#   TENANT_GUARD_INSTALL          prebuilt | source, when TENANT_GUARD_BIN is empty:
#       prebuilt   the static x86-64 Linux binary of this action's release (make static), from
#                  TENANT_GUARD_RELEASE_URL/tenant-guard-VERSION-x86_64-linux, accepted only if its
#                  SHA-256 is the one integrations/release-checksums.txt gives for that name
#       source     built with CMake from the action's own source (the runner needs the build
#                  dependencies: docs/install.md); minutes, not seconds
#   TENANT_GUARD_RELEASE_URL      the folder URL the binary is fetched from; empty: this action's
#                                 GitHub release, https://github.com/OWNER/REPO/releases/download/vVERSION
#   TENANT_GUARD_ACTION_REPOSITORY  OWNER/REPO of this action (github.action_repository; where the
#                                 runner leaves it empty, read from GITHUB_ACTION_PATH)
#
# VERSION is the action's own, from its VERSION file: the action at tag v0.1.0 fetches 0.1.0.
# Output (GITHUB_OUTPUT): path, the tenant-guard to run.
set -euo pipefail

fail() { echo "::error title=tenant-guard::$1"; exit 2; }

: "${GITHUB_OUTPUT:?runs as a GitHub Actions step}"
action_dir=${GITHUB_ACTION_PATH:?runs as a GitHub Actions step}

if [ -n "${TENANT_GUARD_BIN:-}" ]; then
    checker=$(command -v -- "$TENANT_GUARD_BIN") || fail "tenant-guard not found at '$TENANT_GUARD_BIN'"
    echo "tenant-guard: $checker, as given"
    echo "path=$checker" >>"$GITHUB_OUTPUT"
    exit 0
fi

version=$(head -1 "$action_dir/VERSION" 2>/dev/null || true)
[[ $version =~ ^[0-9A-Za-z.+~-]+$ ]] || fail "no version in $action_dir/VERSION"
install_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tenant-guard-$version
mkdir -p "$install_dir"

case ${TENANT_GUARD_INSTALL:-prebuilt} in
prebuilt)
    if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
        fail "the prebuilt tenant-guard is for x86-64 Linux, and this runner is $(uname -s) $(uname -m): use install: source"
    fi
    asset=tenant-guard-$version-x86_64-linux
    # The checksum comes from the action's own files, which the workflow pinned by its ref: a
    # release asset replaced afterwards does not match it.
    expected=$(awk -v asset="$asset" '$1 !~ /^#/ && $2 == asset { print $1; exit }' \
        "$action_dir/integrations/release-checksums.txt")
    [[ $expected =~ ^[0-9a-f]{64}$ ]] ||
        fail "this ref of the action has no checksum for $asset (integrations/release-checksums.txt): use a release tag as the action's ref, or install: source"
    url=${TENANT_GUARD_RELEASE_URL:-}
    if [ -z "$url" ]; then
        repository=${TENANT_GUARD_ACTION_REPOSITORY:-}
        # The runner keeps an action in .../_actions/OWNER/REPO/REF.
        if [ -z "$repository" ] && [[ $action_dir =~ /_actions/([^/]+/[^/]+)/[^/]+/?$ ]]; then
            repository=${BASH_REMATCH[1]}
        fi
        [ -n "$repository" ] || fail "cannot tell which repository this action comes from: set release-url"
        url=https://github.com/$repository/releases/download/v$version
    fi
    command -v curl >/dev/null || fail "curl is needed to download tenant-guard"
    download=$install_dir/$asset.download
    echo "tenant-guard: downloading ${url%/}/$asset"
    curl --fail --silent --show-error --location --retry 3 --output "$download" -- "${url%/}/$asset" ||
        fail "could not download ${url%/}/$asset"
    actual=$(sha256sum "$download" | cut -d' ' -f1)
    if [ "$actual" != "$expected" ]; then
        rm -f "$download"
        fail "$asset has SHA-256 $actual, not $expected as integrations/release-checksums.txt says: refused"
    fi
    chmod 755 "$download"
    mv "$download" "$install_dir/tenant-guard"
    echo "tenant-guard: SHA-256 $actual verified"
    ;;
source)
    echo "tenant-guard: building from $action_dir"
    cmake -S "$action_dir" -B "$install_dir/build" -DCMAKE_BUILD_TYPE=Release -DTENANT_GUARD_TESTS=OFF \
        -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON >/dev/null || fail "cmake could not configure the build (docs/install.md lists what it needs)"
    cmake --build "$install_dir/build" -j"$(nproc)" --target tenant-guard || fail "the build of tenant-guard failed"
    cp "$install_dir/build/tenant-guard" "$install_dir/tenant-guard"
    ;;
*)
    fail "install must be prebuilt or source, not '${TENANT_GUARD_INSTALL}'"
    ;;
esac

"$install_dir/tenant-guard" --version
echo "path=$install_dir/tenant-guard" >>"$GITHUB_OUTPUT"
