#!/usr/bin/env bash
# The self-contained tenant-guard for x86-64 Linux (make static): one statically linked
# executable, built in a fresh debootstrapped Debian root so that neither this host's packages
# nor its paths get into it, from what that suite's packages provide: libpg_query.a
# (libpg-query-dev), libcrypto.a (libssl-dev), libstdc++'s and glibc's static libraries (g++).
# Without `tenant-guard audit`: it needs libpq, which a static binary cannot carry
# (CMakeLists.txt, TENANT_GUARD_STATIC).
#
#   packaging/static_binary.sh OUT_DIR [SUITE]
#
# SUITE (bookworm by default) chooses the grammar: the binary parses the PostgreSQL version of the
# suite's libpg_query (bookworm 15, trixie 17, forky 18), and runs on any x86-64 Linux kernel
# from 3.2 on, whatever its C library (Debian 11's glibc 2.31 included: make test-static).
# Writes OUT_DIR/tenant-guard-VERSION-x86_64-linux (stripped) and its .sha256, VERSION being the
# one the binary reports, and OUT_DIR/THIRD-PARTY-NOTICES.txt, the copyright files of the Debian
# packages whose code is in it. The source is the working tree as `make deb` takes it (uncommitted
# edits included, ignored files not), built at one fixed path inside the root.
#
# Root only (debootstrap, chroot, mount); the base system is the cached tarball of
# tests/lib/debian_root.sh. The root is OUT_DIR/root, removed at the end.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [SUITE]" >&2; exit 2; }
mkdir -p "$1"
# Physical path: it is compared with the root links of processes in the chroot.
OUT_DIR=$(cd "$1" && pwd -P)
SUITE=${2:-bookworm}
ROOT=$OUT_DIR/root
# Inside the root: the same path for every build, so that nothing in the binary depends on
# where the clone is.
BUILD_SOURCE=/build/tenant-guard
BUILD_TREE=/build/tenant-guard-static

# shellcheck source=tests/lib/debian_root.sh
source "$SOURCE_DIR/tests/lib/debian_root.sh"

[ "$(id -u)" = 0 ] || { echo "static_binary.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

in_root() { tg_root_run "$ROOT" "$@"; }
log=$OUT_DIR/build.log
# STEP COMMAND...: in the root, its output in the log; on failure, the log's end.
step() {
    local name=$1 started=$SECONDS
    shift
    echo "## $name" >>"$log"
    if ! in_root "$@" >>"$log" 2>&1; then
        echo "static_binary.sh: $name failed; the end of $log:" >&2
        tail -30 "$log" >&2
        exit 1
    fi
    echo "# $name ($((SECONDS - started)) s)"
}

tg_root_tear_down "$ROOT"  # what a killed run may have left
trap 'tg_root_tear_down "$ROOT"' EXIT
: >"$log"

tg_root_unpack "$ROOT" "$SUITE"
tg_root_mount "$ROOT"
mkdir -p "$ROOT$BUILD_SOURCE"
git -C "$SOURCE_DIR" ls-files -z --cached --others --exclude-standard \
    | (cd "$SOURCE_DIR" && tar --null --files-from=- --ignore-failed-read -cf -) \
    | tar -xf - -C "$ROOT$BUILD_SOURCE"

apt_install() { step "apt-get install $*" apt-get -o Dpkg::Use-Pty=0 install -y -qq --no-install-recommends "$@"; }
step "apt-get update ($SUITE)" apt-get -o Dpkg::Use-Pty=0 update -qq
# zlib and zstd: the static libraries a newer libcrypto.a needs (pkg-config --static libcrypto).
apt_install g++ cmake make binutils pkg-config libpg-query-dev libssl-dev zlib1g-dev libzstd-dev \
    libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
# The checker reads PostgreSQL's node structs: the server headers of libpg_query's own major.
pg_query_major=$(sed -n 's/^#define PG_MAJORVERSION "\([0-9]*\)"$/\1/p' "$ROOT/usr/include/pg_query.h")
[ -n "$pg_query_major" ] || { echo "static_binary.sh: no PG_MAJORVERSION in $SUITE's pg_query.h" >&2; exit 1; }
apt_install "postgresql-server-dev-$pg_query_major"

step "cmake (TENANT_GUARD_STATIC)" cmake -S "$BUILD_SOURCE" -B "$BUILD_TREE" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTENANT_GUARD_STATIC=ON -DTENANT_GUARD_AUDIT=OFF -DTENANT_GUARD_TESTS=OFF \
    -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
step "build tenant-guard" cmake --build "$BUILD_TREE" -j"$(nproc)" --target tenant-guard
# The symbols and debug information are a quarter of the size; nobody debugs the download.
step "strip" strip --strip-all "$BUILD_TREE/tenant-guard"

# The notices the linked-in libraries' licences ask a binary distribution to carry: the Debian
# copyright file of every package whose library or headers went into the executable.
linked_files=(/usr/lib/x86_64-linux-gnu/libpg_query.a /usr/lib/x86_64-linux-gnu/libcrypto.a
    /usr/lib/x86_64-linux-gnu/libc.a /usr/include/toml++/toml.h /usr/include/CLI/CLI.hpp
    /usr/include/nlohmann/json.hpp)
for library in libstdc++.a libgcc.a libgcc_eh.a; do
    linked_files+=("$(in_root realpath "$(in_root g++ -print-file-name="$library")")")
done
notices=$OUT_DIR/THIRD-PARTY-NOTICES.txt
{
    echo "tenant-guard's static binary contains code from these Debian $SUITE packages, under these terms."
    echo "tenant_guard itself: see LICENSE. Source: the tenant_guard repository; the packages' source: Debian."
    for package in $(in_root dpkg -S "${linked_files[@]}" | cut -d: -f1 | sort -u); do
        echo
        # shellcheck disable=SC2016  # dpkg-query's format, not the shell's
        echo "==== $package $(in_root dpkg-query -W -f '${Version}' "$package") ===="
        in_root cat "/usr/share/doc/$package/copyright"
    done
} >"$notices"

binary=$ROOT$BUILD_TREE/tenant-guard
version=$(in_root "$BUILD_TREE/tenant-guard" --version | sed -n '1s/^tenant-guard //p')
[ -n "$version" ] || { echo "static_binary.sh: the binary reports no version" >&2; exit 1; }
# A static executable has no program interpreter: file(1) says "statically linked" for it alone.
if readelf --program-headers "$binary" | grep -q INTERP; then
    echo "static_binary.sh: $binary has a program interpreter: it is not static" >&2
    exit 1
fi
asset=tenant-guard-$version-x86_64-linux
install -m 755 "$binary" "$OUT_DIR/$asset"
(cd "$OUT_DIR" && sha256sum "$asset" >"$asset.sha256")
echo "# $OUT_DIR/$asset: $(stat -c %s "$OUT_DIR/$asset") bytes, sha256 $(cut -d' ' -f1 "$OUT_DIR/$asset.sha256")"
"$OUT_DIR/$asset" --version | sed 's/^/#   /'
