#!/usr/bin/env bash
# The static tenant-guard (make static) where the packaged one cannot run: a fresh Debian 11
# (bullseye) root, whose glibc 2.31 is older than any the binary was built with. There it must
# check the real Supabase history of ../shared/corpus/usebasejump__basejump and give the very
# output and exit status of the host's build on the same files, in every format; keygen must work
# whatever the machine's openssl.cnf says; and audit must say that this build has none.
#
#   tests/static/debian11_test.sh STATIC_BINARY HOST_CHECKER [WORK_DIR]
#
# HOST_CHECKER: build/tenant-guard (make cli). WORK_DIR holds the root (build-static/debian11/).
# The corpus is copied into the root's /tmp for the run and goes with the root; without the
# corpus the comparison is skipped, and said so. Root only (debootstrap, chroot, mount); the base
# system is the cached tarball of tests/lib/debian_root.sh.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: $0 STATIC_BINARY HOST_CHECKER [WORK_DIR]" >&2; exit 2; }
static_binary=$(realpath -- "$1")
host_checker=$(realpath -- "$2")
mkdir -p "${3:-$SOURCE_DIR/build-static/debian11}"
# Physical path: it is compared with the root links of processes in the chroot.
WORK_DIR=$(cd "${3:-$SOURCE_DIR/build-static/debian11}" && pwd -P)
SUITE=bullseye
ROOT=$WORK_DIR/root
CORPUS=${TG_CORPUS:-$SOURCE_DIR/../shared/corpus}
PROJECT=usebasejump__basejump

# shellcheck source=tests/lib/assert.sh
source "$SOURCE_DIR/tests/lib/assert.sh"
# shellcheck source=tests/lib/debian_root.sh
source "$SOURCE_DIR/tests/lib/debian_root.sh"

[ "$(id -u)" = 0 ] || { echo "debian11_test.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

in_root() {
    chroot "$ROOT" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/bin:/usr/bin:/bin "$@"
}

tg_root_tear_down "$ROOT"  # what a killed run may have left
trap 'tg_root_tear_down "$ROOT"' EXIT
tg_root_unpack "$ROOT" "$SUITE"
tg_root_mount "$ROOT"
install -m 755 "$static_binary" "$ROOT/usr/local/bin/tenant-guard"

tg_expect_eq "the root is Debian 11" 11 "$(cut -d. -f1 "$ROOT/etc/debian_version")"
glibc=$(in_root ldd --version | sed -n '1s/.* //p')
tg_expect_eq "its glibc is 2.31, older than the 2.34 the packaged build needs" 2.31 "$glibc"
if readelf --program-headers "$static_binary" | grep -q INTERP; then interpreter=yes; else interpreter=no; fi
tg_expect_eq "the binary has no program interpreter (statically linked)" no "$interpreter"
tg_expect_eq "... and needs no shared library" "" "$(readelf --dynamic "$static_binary" | grep NEEDED || true)"

# The point of the exercise: the host's own build cannot start there.
cp "$host_checker" "$ROOT/tmp/tenant-guard-host"
status=0
host_there=$(in_root /tmp/tenant-guard-host --version 2>&1) || status=$?
tg_expect_eq "the host build does not run there ($(head -1 <<<"$host_there" | cut -c1-100))" yes \
    "$([ "$status" != 0 ] && echo yes || echo no)"

version=$(in_root tenant-guard --version)
tg_expect_eq "--version: the project's version, as the host build says it" \
    "$("$host_checker" --version | head -1)" "$(head -1 <<<"$version")"
tg_expect_contains "--version: the grammar it parses" "parses PostgreSQL $("$host_checker" --version | sed -n "2s/^parses PostgreSQL \([0-9.]*\)'s.*/\1/p")'s grammar" "$version"
tg_expect_contains "--version: says audit is not in this build" "without tenant-guard audit" "$version"

tg_expect_eq "rules: as the host build lists them" "$("$host_checker" rules)" "$(in_root tenant-guard rules)"
tg_expect_eq "explain: as the host build explains" "$("$host_checker" explain tenant-table-without-rls 2>&1)" \
    "$(in_root tenant-guard explain tenant-table-without-rls 2>&1)"

# An openssl.cnf that loads a provider module which does not exist: any OpenSSL that reads it
# fails. The static binary reads none (analyzer/system_openssl_config.h).
cat >"$ROOT/tmp/broken-openssl.cnf" <<'EOF'
config_diagnostics = 1
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
missing = missing_sect
[missing_sect]
module = /nonexistent/tenant-guard-missing-provider.so
activate = 1
EOF
status=0
key_line=$(in_root env OPENSSL_CONF=/tmp/broken-openssl.cnf tenant-guard keygen --id k1 2>&1) || status=$?
tg_expect_eq "keygen, with an openssl.cnf naming a missing provider: succeeds" 0 "$status"
if [[ $key_line =~ ^k1\ [0-9a-f]{64}\ active$ ]]; then key_shape=ok; else key_shape=$key_line; fi
tg_expect_eq "keygen: one key line: the id, 32 random bytes in hex, active" ok "$key_shape"

status=0
audit_output=$(in_root tenant-guard audit "postgresql://localhost/app" 2>&1) || status=$?
tg_expect_eq "audit: exit status 2 (nothing judged)" 2 "$status"
tg_expect_contains "audit: says this build has none" "has no audit" "$audit_output"
tg_expect_contains "audit: says where to get it" "docs/install.md" "$audit_output"

if [ ! -d "$CORPUS/$PROJECT" ]; then
    echo "ok - the corpus comparison # SKIP $CORPUS/$PROJECT is missing"
    tg_report
    exit
fi
mkdir -p "$ROOT/tmp/corpus"
cp -R "$CORPUS/$PROJECT" "$ROOT/tmp/corpus/"
# compare NAME ARGUMENTS...: `tenant-guard check ARGUMENTS` in the project's folder, here and in
# the root: the same standard output, standard error and exit status.
compare() {
    local name=$1 host_status=0 root_status=0 host_output root_output
    shift
    host_output=$(cd "$CORPUS/$PROJECT" && "$host_checker" check "$@" 2>&1) || host_status=$?
    # shellcheck disable=SC2016  # expanded by the shell in the root
    root_output=$(in_root sh -c 'cd "$1" && shift && exec tenant-guard check "$@"' - "/tmp/corpus/$PROJECT" "$@" 2>&1) ||
        root_status=$?
    tg_expect_eq "$name: exit status as the host build's ($host_status)" "$host_status" "$root_status"
    tg_expect_eq "$name: output as the host build's ($(wc -l <<<"$host_output") lines)" "$host_output" "$root_output"
}
compare "basejump, defaults" supabase/migrations
compare "basejump, its tenant column account_id" --tenant-column account_id supabase/migrations
compare "basejump, account_id, fail on warnings" --tenant-column account_id --fail-on warning supabase/migrations
compare "basejump, account_id, JSON" --tenant-column account_id --format json supabase/migrations
compare "basejump, account_id, SARIF" --tenant-column account_id --format sarif supabase/migrations
compare "basejump, account_id, GitHub annotations" --tenant-column account_id --format github supabase/migrations
compare "basejump, the billing migration changed" --tenant-column account_id \
    --changed supabase/migrations/20240414162131_basejump-billing.sql -- supabase/migrations
# The whole corpus, Prisma and pg_dump histories and psql scripts included, as JSON.
cp -R "$CORPUS/." "$ROOT/tmp/corpus/"
host_status=0
root_status=0
host_output=$(cd "$CORPUS" && "$host_checker" check --format json --fail-on never ./*/ 2>&1) || host_status=$?
# shellcheck disable=SC2016  # expanded by the shell in the root
root_output=$(in_root sh -c 'cd /tmp/corpus && exec tenant-guard check --format json --fail-on never ./*/' 2>&1) ||
    root_status=$?
tg_expect_eq "the whole corpus: exit status as the host build's ($host_status)" "$host_status" "$root_status"
tg_expect_eq "the whole corpus: JSON as the host build's ($(wc -l <<<"$host_output") lines)" "$host_output" "$root_output"

findings=$(cd "$CORPUS/$PROJECT" && "$host_checker" check --tenant-column account_id --format json supabase/migrations |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["findings"]))')
tg_expect_eq "the comparison compares findings: basejump with account_id has some" yes \
    "$([ "$findings" -gt 0 ] && echo yes || echo "no ($findings)")"

tg_report
