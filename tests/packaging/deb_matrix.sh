#!/usr/bin/env bash
# The Debian packages for the other releases tenant_guard supports, each built in a root of that
# release and then tried there as a user gets them (install_test.sh): postgresql-17-tenant-guard
# and tenant-guard for Debian 13 (trixie), postgresql-18-tenant-guard and tenant-guard for Debian
# testing (forky). Debian 12's are make deb's.
#
#   tests/packaging/deb_matrix.sh [OUT_DIR [MAJOR...]]   OUT_DIR: build-deb-matrix/, the .debs in
#                                                       OUT_DIR/SUITE/; MAJOR: 17 18 by default
#
# In each root: the build dependencies debian/control names (apt-get build-dep), debian/control
# made for that release's PostgreSQL (pg_buildext updatecontrol), a changelog entry whose version
# names the release (0.1.0-1+deb13: newer than Debian 12's 0.1.0-1, so an upgrade of the release
# takes it), then dpkg-buildpackage. Root only (debootstrap, chroot, mount).
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "${1:-$SOURCE_DIR/build-deb-matrix}"
OUT_DIR=$(cd "${1:-$SOURCE_DIR/build-deb-matrix}" && pwd -P)
shift $(($# > 0 ? 1 : 0))
if [ $# -gt 0 ]; then MAJORS=("$@"); else MAJORS=(17 18); fi

# shellcheck source=tests/lib/version_root.sh
source "$SOURCE_DIR/tests/lib/version_root.sh"

[ "$(id -u)" = 0 ] || { echo "deb_matrix.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
trap 'tg_version_root_close' EXIT

for major in "${MAJORS[@]}"; do
    suite=$(tg_suite_of_postgresql "$major")
    release=$(tg_suite_debian_release "$suite")
    dir=$OUT_DIR/$suite
    tg_root_tear_down "$dir/root"  # what a killed run left mounted, before the folder goes
    rm -rf "$dir"
    mkdir -p "$dir"
    started=$SECONDS
    echo "# the packages for $suite (PostgreSQL $major), logs in $dir"
    tg_version_root_open "$(cd "$dir" && pwd -P)/root" "$major" "$dir/apt.log" \
        build-essential debhelper dpkg-dev || exit 1
    if ! tg_version_root_apt_get build-dep -y -qq ./ >>"$dir/apt.log" 2>&1; then
        tail -30 "$dir/apt.log" >&2
        exit 1
    fi
    version=$(tg_in_version_root dpkg-parsechangelog -S Version)+deb$release
    # shellcheck disable=SC2016  # run by the shell in the root
    tg_in_version_root sh -c '
        pg_buildext updatecontrol &&
        { printf "%s\n\n  * %s\n\n -- %s  %s\n\n" \
            "tenant-guard ($1) $2; urgency=medium" \
            "Built for Debian $3 ($2) and its PostgreSQL $4." \
            "$(dpkg-parsechangelog -S Maintainer)" "$(dpkg-parsechangelog -S Date)"
          cat debian/changelog; } >debian/changelog.new &&
        mv debian/changelog.new debian/changelog' - "$version" "$suite" "$release" "$major"
    if ! tg_in_version_root dpkg-buildpackage -b -us -uc -j2 >"$dir/build.log" 2>&1; then
        grep -E 'error|Error' "$dir/build.log" | head -20 >&2
        tail -20 "$dir/build.log" >&2
        exit 1
    fi
    cp "$dir/root/root/"*.deb "$dir/"
    echo "# built in $((SECONDS - started)) s:"
    for deb in "$dir"/*.deb; do echo "#   $(basename "$deb")"; done
    tg_version_root_close

    # As a user gets them, in a clean root of the same release.
    "$SOURCE_DIR/tests/packaging/install_test.sh" "$dir" "$major"
done
