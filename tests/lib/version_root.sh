# shellcheck shell=bash
# A Debian root for one PostgreSQL major version: the suite that ships it (debian_root.sh), the
# packages a caller names, and a copy of this working tree as `make deb` takes it (uncommitted
# edits included, ignored files such as build/ left out). For make test-matrix (tests/matrix) and
# make deb-matrix (tests/packaging/deb_matrix.sh). Root only. Source this file.
#
#   tg_version_root_open ROOT MAJOR APT_LOG PACKAGE...   unpacked, mounted, apt's package cache
#                                kept across runs, the packages installed, the tree in
#                                TG_VERSION_TREE; sets TG_VERSION_ROOT and TG_VERSION_MAJOR
#   tg_version_root_apt_get ARGS...  apt-get in the root, one at a time per suite (shared cache)
#   tg_in_version_root COMMAND...  COMMAND in the tree, as root, with a login's environment and
#                                MAJOR's pg_config first on PATH (and in PG_CONFIG)
#   tg_version_root_close        stop what runs in it, unmount, remove it
#
# ROOT must be a physical path (debian_root.sh).

# shellcheck source=tests/lib/debian_root.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian_root.sh"

TG_VERSION_TREE=/root/tenant_guard

tg_version_root_open() {
    local root=$1 major=$2 apt_log=$3 suite
    shift 3
    suite=$(tg_suite_of_postgresql "$major") || return 1
    TG_VERSION_ROOT=$root
    TG_VERSION_MAJOR=$major
    TG_VERSION_SUITE=$suite
    tg_root_tear_down "$root"  # what a killed run may have left
    tg_root_unpack "$root" "$suite" || return 1
    # The tests make their own clusters.
    mkdir -p "$root/etc/postgresql-common"
    echo "create_main_cluster = false" >"$root/etc/postgresql-common/createcluster.conf"
    tg_root_mount "$root"
    tg_root_apt_cache "$root" "$suite"
    if ! { tg_version_root_apt_get update -qq &&
        tg_version_root_apt_get install -y -qq --no-install-recommends "$@" &&
        tg_version_root_apt_get autoclean -qq; } >"$apt_log" 2>&1; then
        tail -30 "$apt_log" >&2
        return 1
    fi
    mkdir -p "$root$TG_VERSION_TREE"
    local source_dir
    source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    git -C "$source_dir" ls-files -z --cached --others --exclude-standard |
        (cd "$source_dir" && tar --null --files-from=- --ignore-failed-read -cf -) |
        tar -xf - -C "$root$TG_VERSION_TREE"
}

tg_in_version_root() {
    local bindir=/usr/lib/postgresql/$TG_VERSION_MAJOR/bin
    # shellcheck disable=SC2016  # expanded by the shell in the root
    tg_root_run "$TG_VERSION_ROOT" env PG_CONFIG="$bindir/pg_config" \
        PATH="$bindir:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        bash -c 'if [ -d "$0" ]; then cd "$0"; fi && exec "$@"' "$TG_VERSION_TREE" "$@"
}

# Roots of one suite share apt's package cache (tg_root_apt_cache), whose lock apt does not wait
# for: one apt-get at a time among them.
tg_version_root_apt_get() {
    (
        flock 9
        tg_in_version_root apt-get -o Dpkg::Use-Pty=0 "$@"
    ) 9>"$TG_ROOT_CACHE/apt-archives/$TG_VERSION_SUITE.lock"
}

tg_version_root_close() {
    [ -n "${TG_VERSION_ROOT:-}" ] && tg_root_tear_down "$TG_VERSION_ROOT"
}
