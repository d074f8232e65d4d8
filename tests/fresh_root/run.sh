#!/usr/bin/env bash
# The README's promise on a new machine: in a fresh minbase Debian 12 root where only git and make
# are installed (without their recommended packages), a clone of this repository's committed HEAD
# runs `make deps`, `make demo` and `make test` as root, and each must succeed. Whatever the build,
# the demo or a test needs and `make deps` does not install fails here.
#
#   tests/fresh_root/run.sh [WORK_DIR]   WORK_DIR: the root and the logs (build-fresh-root/)
#
# Root only (debootstrap, chroot, mount). The base system is the cached tarball of
# tests/lib/debian_root.sh, and that cache is bound into the root at the same path, so that the
# inner `make test-packages` (which builds a Debian root of its own, and runs inside too) reuses
# it. The inner `make test` runs with TEST_FRESH_ROOT=no, TEST_MATRIX=no and TEST_STATIC=no: it must not build this
# root, nor the matrix's roots of other releases (which the outer make test builds), again within
# itself. Uncommitted changes are not tested: the clone has only what HEAD has.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "${1:-$SOURCE_DIR/build-fresh-root}"
# Physical path: it is compared with the root links of processes in the chroot.
WORK_DIR=$(cd "${1:-$SOURCE_DIR/build-fresh-root}" && pwd -P)
SUITE=bookworm
ROOT=$WORK_DIR/root
CLONE=/root/tenant_guard

# shellcheck source=tests/lib/assert.sh
source "$SOURCE_DIR/tests/lib/assert.sh"
# shellcheck source=tests/lib/debian_root.sh
source "$SOURCE_DIR/tests/lib/debian_root.sh"

[ "$(id -u)" = 0 ] || { echo "fresh_root/run.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

in_root() { tg_root_run "$ROOT" "$@"; }

# STEP LOG COMMAND...: runs COMMAND in the clone, its output in LOG; says how long it took and,
# when it fails, how it ended.
step() {
    local name=$1 log=$WORK_DIR/$2 started=$SECONDS status=0
    shift 2
    # shellcheck disable=SC2016  # expanded by the shell in the root
    in_root bash -c 'cd "$1" && shift && "$@"' - "$CLONE" "$@" >"$log" 2>&1 || status=$?
    tg_expect_eq "$name ($((SECONDS - started)) s, log in $log)" 0 "$status"
    if [ "$status" != 0 ]; then
        tail -40 "$log"
        tg_report || exit 1
    fi
}

tg_root_tear_down "$ROOT"  # what a killed run may have left
trap 'tg_root_tear_down "$ROOT"' EXIT

started=$SECONDS
tg_root_unpack "$ROOT" "$SUITE"
tg_root_mount "$ROOT"
mkdir -p "$ROOT$TG_ROOT_CACHE"
mount --bind "$TG_ROOT_CACHE" "$ROOT$TG_ROOT_CACHE"
# The host's locally added certificate authorities, for the same reason: behind a proxy that
# inspects TLS, npm fails without them. ca-certificates, which make deps installs, trusts them.
if [ -d /usr/local/share/ca-certificates ]; then
    cp -R /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
fi
echo "# a fresh $SUITE root in $ROOT ($((SECONDS - started)) s)"

started=$SECONDS
if ! in_root apt-get -o Dpkg::Use-Pty=0 update -qq >"$WORK_DIR/apt.log" 2>&1 ||
    ! in_root env DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Use-Pty=0 install -y -qq \
        --no-install-recommends git make >>"$WORK_DIR/apt.log" 2>&1; then
    tail -30 "$WORK_DIR/apt.log" >&2
    exit 1
fi
echo "# git and make installed ($((SECONDS - started)) s)"

commit=$(git -C "$SOURCE_DIR" rev-parse HEAD)
git clone -q --no-hardlinks "$SOURCE_DIR" "$ROOT$CLONE"
git -C "$ROOT$CLONE" checkout -q --detach "$commit"
echo "# $CLONE: a clone of $commit"

step "make deps" deps.log make deps
step "make demo" demo.log make demo
step "make test" test.log make test TEST_FRESH_ROOT=no TEST_MATRIX=no TEST_STATIC=no
tg_expect_contains "make test says every suite passed" "make test: every suite passed" "$(tail -1 "$WORK_DIR/test.log")"

tg_report
