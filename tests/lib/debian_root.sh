# shellcheck shell=bash
# Throwaway Debian roots for the tests that need a clean system (tests/packaging,
# tests/fresh_root, tests/matrix). A suite is debootstrapped (minbase) once, from this host's own mirror
# (apt_mirror.sh), into a pristine tarball kept outside every clone in the system's folder for
# lasting temporary files: TG_ROOT_CACHE, /var/tmp/tenant-guard by default. Every run unpacks it
# afresh; delete the tarball to start from a newer base. Root only (debootstrap, chroot, mount).
#
#   tg_root_unpack ROOT SUITE   a fresh root at ROOT (an absent or empty folder): apt pointed at
#                               the host's mirror, the host's resolv.conf, no daemon started by a
#                               package's maintainer scripts (nothing in a chroot would stop it),
#                               dpkg without fsync
#   tg_root_mount ROOT          the kernel file systems: /proc, /sys (read only), /dev's device
#                               nodes, /dev/pts and /dev/shm (PostgreSQL's and Chromium's shared memory)
#   tg_root_apt_cache ROOT SUITE   apt's downloaded packages kept in TG_ROOT_CACHE across runs
#   tg_root_run ROOT COMMAND... COMMAND in ROOT as a root login, with nothing of the caller's
#                               environment but its proxy settings (prefix COMMAND with env
#                               VAR=VALUE for more)
#   tg_root_tear_down ROOT      kill what runs in it, unmount what is mounted in it, remove it
#
# Suites: bookworm (Debian 12), trixie (Debian 13), forky (testing). What a suite needs beyond
# the defaults, and which PostgreSQL it ships, is said once, here:
#
#   tg_suite_of_postgresql MAJOR        the suite whose PostgreSQL is MAJOR: 15, 17 or 18
#   tg_suite_debian_release SUITE       its Debian release number: 12, 13, 14
#   tg_suite_debootstrap_script SUITE   debootstrap's script for it, where not its own
#   tg_suite_apt_config SUITE           apt configuration lines its root needs
#
# ROOT must be a physical path: it is compared with the root links of the processes in it.

# shellcheck source=tests/lib/apt_mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt_mirror.sh"

TG_ROOT_CACHE=${TG_ROOT_CACHE:-/var/tmp/tenant-guard}

tg_suite_of_postgresql() {
    case $1 in
        15) echo bookworm ;;
        17) echo trixie ;;
        18) echo forky ;;
        *)
            echo "debian_root.sh: no Debian suite here ships PostgreSQL $1 (15, 17 or 18)" >&2
            return 1
            ;;
    esac
}

tg_suite_debian_release() {
    case $1 in
        bookworm) echo 12 ;;
        trixie) echo 13 ;;
        forky) echo 14 ;;
        *)
            echo "debian_root.sh: $1 is not a Debian release known here" >&2
            return 1
            ;;
    esac
}

# SUITE: the script debootstrap needs for SUITE, where Debian 12's debootstrap has none of the
# suite's name (nothing: its own). Testing is bootstrapped as unstable is.
tg_suite_debootstrap_script() {
    case $1 in
        forky) echo /usr/share/debootstrap/scripts/sid ;;
    esac
}

# SUITE: the apt configuration a root of SUITE needs (nothing: apt's defaults). Testing's Release
# file on a mirror may be past its Valid-Until date: a snapshot mirror serves it long after.
tg_suite_apt_config() {
    case $1 in
        forky) echo 'Acquire::Check-Valid-Until "false";' ;;
    esac
}

# SUITE: debootstraps SUITE into $TG_ROOT_CACHE/SUITE-minbase.tar unless it is there. A lock
# lets concurrent runs share one debootstrap; the tarball appears whole or not at all.
tg_root_pristine_tarball() {
    local suite=$1
    local tarball=$TG_ROOT_CACHE/$suite-minbase.tar
    mkdir -p "$TG_ROOT_CACHE"
    (
        flock 9
        [ -f "$tarball" ] && exit 0
        mirror=$(tg_debian_mirror "$suite") || exit 1
        script=$(tg_suite_debootstrap_script "$suite")
        staging=$(mktemp -d "$TG_ROOT_CACHE/$suite-bootstrap.XXXXXX")
        chmod 755 "$staging"  # the root folder of the root: mktemp made it private
        log=$TG_ROOT_CACHE/$suite-debootstrap.log
        echo "# debootstrap --variant=minbase $suite $mirror $script (once; kept as $tarball)"
        started=$SECONDS
        # shellcheck disable=SC2086  # $script: one word or none
        if ! debootstrap --variant=minbase "$suite" "$staging" "$mirror" $script >"$log" 2>&1; then
            tail -20 "$log" >&2
            tg_root_tear_down "$staging"
            exit 1
        fi
        tar --numeric-owner -C "$staging" -cf "$tarball.partial" .
        mv "$tarball.partial" "$tarball"
        tg_root_tear_down "$staging"
        echo "# debootstrap: $((SECONDS - started)) s"
    ) 9>"$TG_ROOT_CACHE/$suite.lock"
}

tg_root_unpack() {
    local root=$1 suite=$2 apt_config
    tg_root_pristine_tarball "$suite" || return 1
    mkdir -p "$root"
    tar --numeric-owner -C "$root" -xf "$TG_ROOT_CACHE/$suite-minbase.tar"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # A Debian system also has its updates and security suites: a package may need a library
    # release from either.
    tg_debian_sources_list "$suite" >"$root/etc/apt/sources.list"
    rm -f "$root/etc/apt/sources.list.d/debian.sources"  # where newer releases put theirs
    apt_config=$(tg_suite_apt_config "$suite")
    [ -z "$apt_config" ] || echo "$apt_config" >"$root/etc/apt/apt.conf.d/50tenant-guard-suite"
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    # A throwaway root need not survive a crash: dpkg skips its fsync calls, which cost minutes
    # over the hundreds of packages make deps installs.
    echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/tenant-guard-unsafe-io"
}

tg_root_mount() {
    local root=$1 device
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"
    # The host's device nodes, bound one by one: the root gets no other device of the host.
    for device in null zero full random urandom tty; do
        [ -e "$root/dev/$device" ] || touch "$root/dev/$device"
        mount --bind "/dev/$device" "$root/dev/$device"
    done
    mkdir -p "$root/dev/pts" "$root/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
    [ -e "$root/dev/ptmx" ] || touch "$root/dev/ptmx"
    mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx"
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
}

tg_root_apt_cache() {
    local root=$1 suite=$2
    mkdir -p "$TG_ROOT_CACHE/apt-archives/$suite/partial" "$root/var/cache/apt/archives"
    mount --bind "$TG_ROOT_CACHE/apt-archives/$suite" "$root/var/cache/apt/archives"
}

# The caller's proxy settings go in, as the host's resolver does: they belong to the network.
tg_root_run() {
    local root=$1 proxy_settings=() variable
    shift
    for variable in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
        [ -n "${!variable:-}" ] && proxy_settings+=("$variable=${!variable}")
    done
    chroot "$root" env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        "${proxy_settings[@]}" "$@"
}

tg_root_tear_down() {
    local root=$1 link pid mount_point
    [ -d "$root" ] || return 0
    # Processes started inside the root (a server whose stop failed) would keep mounts busy.
    for link in /proc/[0-9]*/root; do
        if [ "$(readlink "$link" 2>/dev/null)" = "$root" ]; then
            pid=${link#/proc/}
            pid=${pid%/root}
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    # Deepest first; /proc/mounts lists what is still mounted under the root.
    awk -v root="$root" 'index($2, root "/") == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r mount_point; do
            umount "$mount_point" 2>/dev/null || umount --lazy "$mount_point"
        done
    # --one-file-system: should an unmount have failed, never reach into the host's /proc or /dev.
    rm -rf --one-file-system "$root"
}
