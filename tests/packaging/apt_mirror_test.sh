#!/usr/bin/env bash
# tests/lib/apt_mirror.sh on apt sources written as hosts write them: the one-line format with
# options and comments, deb822 stanzas with several URIs and suites over continuation lines, a
# disabled stanza, deb-src entries, entries without the main component, and no sources at all;
# and a suite the host has no entry for, taken from the archives of the host's own release.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/assert.sh
source "$here/../lib/assert.sh"
# shellcheck source=tests/lib/apt_mirror.sh
source "$here/../lib/apt_mirror.sh"

work=$(mktemp -d /tmp/tenant_guard_apt_mirror.XXXXXX)
trap 'rm -rf "$work"' EXIT
export TG_APT_ETC=$work/etc-apt
export TG_OS_RELEASE=$work/os-release
printf '%s\n' 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian' >"$TG_OS_RELEASE"

mkdir -p "$TG_APT_ETC/sources.list.d"
tg_expect_eq "no sources: no entries" "" "$(tg_apt_deb_entries)"
status=0
output=$(tg_debian_mirror bookworm 2>&1) || status=$?
tg_expect_eq "no sources: no mirror, and a failure" 1 "$status"
tg_expect_contains "... saying which suite is missing" "no deb entry for bookworm" "$output"

cat >"$TG_APT_ETC/sources.list" <<'EOF'
# the local mirror
deb [arch=amd64 signed-by=/usr/share/keyrings/local.gpg] http://mirror.example.invalid/debian/ bookworm main contrib # trailing comment
deb-src http://mirror.example.invalid/debian bookworm main
deb http://mirror.example.invalid/debian bookworm-backports contrib
deb http://proxy.example.invalid:3142/debian-security bookworm-security main non-free-firmware
EOF
cat >"$TG_APT_ETC/sources.list.d/debian.sources" <<'EOF'
# deb822, two URIs and two suites, continued over lines
Types: deb deb-src
URIs: http://a.example.invalid/debian
 http://b.example.invalid/debian/
Suites: bookworm
  bookworm-updates
Components: main non-free

Enabled: no
Types: deb
URIs: http://disabled.example.invalid/debian
Suites: bookworm
Components: main
EOF
# apt reads neither of these.
echo "deb http://ignored.example.invalid/debian bookworm main" >"$TG_APT_ETC/sources.list.d/other.list.disabled"

tg_expect_eq "every enabled deb entry with main, in apt's reading order" \
    "$(printf '%s\n' "http://mirror.example.invalid/debian bookworm" \
        "http://proxy.example.invalid:3142/debian-security bookworm-security" \
        "http://a.example.invalid/debian bookworm" "http://a.example.invalid/debian bookworm-updates" \
        "http://b.example.invalid/debian bookworm" "http://b.example.invalid/debian bookworm-updates")" \
    "$(tg_apt_deb_entries)"
tg_expect_eq "the mirror for debootstrap: the first entry for the suite" "http://mirror.example.invalid/debian" \
    "$(tg_debian_mirror bookworm)"
tg_expect_eq "the root's sources: the suite, its updates and its security suite" \
    "$(printf '%s\n' "deb http://mirror.example.invalid/debian bookworm main" \
        "deb http://proxy.example.invalid:3142/debian-security bookworm-security main" \
        "deb http://a.example.invalid/debian bookworm main" "deb http://a.example.invalid/debian bookworm-updates main" \
        "deb http://b.example.invalid/debian bookworm main" "deb http://b.example.invalid/debian bookworm-updates main")" \
    "$(tg_debian_sources_list bookworm)"
tg_expect_eq "a suite the host has no entry for: the archives of its own release, for that suite" \
    "$(printf '%s\n' "deb http://mirror.example.invalid/debian trixie main" \
        "deb http://proxy.example.invalid:3142/debian-security trixie-security main" \
        "deb http://a.example.invalid/debian trixie main" "deb http://a.example.invalid/debian trixie-updates main" \
        "deb http://b.example.invalid/debian trixie main" "deb http://b.example.invalid/debian trixie-updates main")" \
    "$(tg_debian_sources_list trixie)"
tg_expect_eq "... and debootstrap's mirror for it" "http://mirror.example.invalid/debian" "$(tg_debian_mirror forky)"

echo "deb http://trixie.example.invalid/debian trixie main" >"$TG_APT_ETC/sources.list.d/trixie.list"
tg_expect_eq "a suite the host has entries for: those alone" "deb http://trixie.example.invalid/debian trixie main" \
    "$(tg_debian_sources_list trixie)"
tg_expect_eq "... its mirror too" "http://trixie.example.invalid/debian" "$(tg_debian_mirror trixie)"
tg_expect_eq "... and the host's own suite keeps its entries" "http://mirror.example.invalid/debian" \
    "$(tg_debian_mirror bookworm)"

printf '%s\n' 'ID=somethingelse' >"$TG_OS_RELEASE"
tg_expect_eq "a host without a Debian release: no entries for another suite" "" "$(tg_debian_sources_list forky)"
status=0
output=$(tg_debian_mirror forky 2>&1) || status=$?
tg_expect_eq "... no mirror, and a failure" 1 "$status"
tg_expect_contains "... saying which suite is missing" "no deb entry for forky" "$output"

tg_report
