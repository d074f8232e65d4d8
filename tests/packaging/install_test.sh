#!/usr/bin/env bash
# The Debian packages as a user gets them: installed with apt into a clean root of the Debian
# release they were built for (dependencies from the archive), the extension created in a new cluster, a value sealed and
# unsealed, the guard refusing a tenant table without row level security, the checker run on
# examples/, then both packages purged, leaving none of their files behind.
#
#   tests/packaging/install_test.sh [DEB_DIR [MAJOR]]   DEB_DIR: where `make deb` put the .debs
#                                                       (build-deb/); MAJOR: their PostgreSQL, 15
#                                                       (Debian 12) by default, 17 (Debian 13) or
#                                                       18 (testing) from make deb-matrix
#
# Root only (debootstrap, chroot, mount). The root is unpacked afresh for every run from a
# debootstrapped tarball kept outside the clone (tests/lib/debian_root.sh), so only the first run
# downloads the base system, from the mirror of this host's own apt sources.
# shellcheck disable=SC2016  # dpkg-query's formats and the script run in the root are single-quoted on purpose
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERSION=$(cat "$SOURCE_DIR/VERSION")
# Physical path: it is compared with the root links of processes in the chroot.
DEB_DIR=$(cd "${1:-$SOURCE_DIR/build-deb}" && pwd -P)
MAJOR=${2:-15}
CHROOT_DIR=$DEB_DIR/chroot
ROOT=$CHROOT_DIR/root
# Inside the root: a cluster on a Unix socket only, so it can clash with nothing on the host.
CLUSTER=tgtest
PORT=54399
SOCKET_DIR=/run/tenant-guard-test
KEY_FILE=/etc/postgresql/$MAJOR/$CLUSTER/tenant_guard.keys
ORG_A=7d0c9f2e-4b1a-4c55-9d7e-2f4a6b8c0d1e
ORG_B=1f6e3a9b-2c4d-4e8f-9a0b-3c5d7e9f1a2b

# shellcheck source=tests/lib/assert.sh
source "$SOURCE_DIR/tests/lib/assert.sh"
# shellcheck source=tests/lib/debian_root.sh
source "$SOURCE_DIR/tests/lib/debian_root.sh"
SUITE=$(tg_suite_of_postgresql "$MAJOR") || exit 2

[ "$(id -u)" = 0 ] || { echo "install_test.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

shopt -s nullglob
extension_debs=("$DEB_DIR"/postgresql-"$MAJOR"-tenant-guard_*.deb)
cli_debs=("$DEB_DIR"/tenant-guard_*.deb)
shopt -u nullglob
if [ ${#extension_debs[@]} != 1 ] || [ ${#cli_debs[@]} != 1 ]; then
    echo "install_test.sh: expected one postgresql-$MAJOR-tenant-guard and one tenant-guard .deb in $DEB_DIR (make deb)" >&2
    exit 2
fi

in_root() {
    chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# Plain output for the log, without dpkg's progress bar.
in_root_apt_get() {
    in_root apt-get -o Dpkg::Use-Pty=0 "$@"
}

root_psql() {  # SQL...: as postgres, through the cluster's socket; prints rows unaligned
    in_root runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" \
        -d postgres "$@"
}

tear_down() {
    if [ -d "$ROOT/etc/postgresql/$MAJOR/$CLUSTER" ]; then
        in_root pg_ctlcluster "$MAJOR" "$CLUSTER" stop -m fast >/dev/null 2>&1 || true
    fi
    tg_root_tear_down "$ROOT"
}

mkdir -p "$CHROOT_DIR"
tear_down  # what a killed run may have left
trap tear_down EXIT

# With the updates and security suites: the extension depends on the PostgreSQL minor release
# it was built against, which may have come from either.
tg_root_unpack "$ROOT" "$SUITE"
# The test makes its own cluster.
mkdir -p "$ROOT/etc/postgresql-common"
echo "create_main_cluster = false" >"$ROOT/etc/postgresql-common/createcluster.conf"
tg_root_mount "$ROOT"

mkdir -p "$ROOT/tmp/debs" "$ROOT/tmp/examples"
cp "${extension_debs[0]}" "${cli_debs[0]}" "$ROOT/tmp/debs/"
cp -r "$SOURCE_DIR/examples/migrations-failing" "$SOURCE_DIR/examples/migrations-clean" "$ROOT/tmp/examples/"

echo "# apt-get install ./$(basename "${extension_debs[0]}") ./$(basename "${cli_debs[0]}")"
started=$SECONDS
if ! { in_root_apt_get update -qq &&
    in_root_apt_get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold \
        "/tmp/debs/$(basename "${extension_debs[0]}")" "/tmp/debs/$(basename "${cli_debs[0]}")"; } \
    >"$CHROOT_DIR/apt.log" 2>&1; then
    tail -30 "$CHROOT_DIR/apt.log" >&2
    exit 1
fi
echo "# installed with their dependencies in $((SECONDS - started)) s"

for package in "postgresql-$MAJOR-tenant-guard" tenant-guard; do
    tg_expect_eq "$package is installed" "install ok installed" \
        "$(in_root dpkg-query -W -f '${Status}' "$package" 2>&1)"
done
# What the packages own, files and symlinks (not the folders they share with others).
installed_files=$(in_root sh -c 'dpkg -L "$1" tenant-guard | while read -r path; do
    if [ -f "$path" ] || [ -L "$path" ]; then echo "$path"; fi; done' - "postgresql-$MAJOR-tenant-guard")
for path in "/usr/lib/postgresql/$MAJOR/lib/tenant_guard.so" "/usr/share/postgresql/$MAJOR/extension/tenant_guard.control" \
    "/usr/share/postgresql/$MAJOR/extension/tenant_guard--$VERSION.sql" /usr/bin/tenant-guard \
    /usr/share/man/man1/tenant-guard.1.gz; do
    tg_expect_contains "the packages install $path" "$path" "$installed_files"
done

# The CLI.
tg_expect_eq "tenant-guard --version, with the grammar it parses" \
    "$(printf '%s\n' "tenant-guard $VERSION" "parses PostgreSQL $MAJOR's grammar (libpg_query)")" \
    "$(in_root tenant-guard --version 2>&1)"
status=0
output=$(in_root tenant-guard check /tmp/examples/migrations-failing 2>&1) || status=$?
tg_expect_eq "tenant-guard check on examples/migrations-failing exits 1" 1 "$status"
tg_expect_eq "... and reports public.projects without row level security where it is created" 1 \
    "$(grep -c '^/tmp/examples/migrations-failing/20240102000000_projects.sql:3:14: error: .*public\.projects.*\[tenant-table-without-rls\]$' <<<"$output")"
tg_expect_eq "... and the unapproved DROP COLUMN" 1 \
    "$(grep -c '^/tmp/examples/migrations-failing/20240104000000_cleanup.sql:2:1: error: .*\[unapproved-destructive-change\]$' <<<"$output")"
status=0
output=$(in_root tenant-guard check /tmp/examples/migrations-clean 2>&1) || status=$?
tg_expect_eq "tenant-guard check on examples/migrations-clean exits 0" 0 "$status"
tg_expect_contains "... and finds nothing" "0 errors, 0 warnings" "$output"

# A new cluster with the library preloaded and a master key from tenant-guard keygen.
in_root pg_createcluster "$MAJOR" "$CLUSTER" -p "$PORT" -s "$SOCKET_DIR" --start-conf=manual \
    -o "listen_addresses=" -o "shared_preload_libraries=tenant_guard" -o "tenant_guard.key_file=$KEY_FILE" \
    >"$CHROOT_DIR/cluster.log" 2>&1 || { cat "$CHROOT_DIR/cluster.log" >&2; exit 1; }
in_root sh -c "tenant-guard keygen --id pkgtest > $KEY_FILE && chown postgres:postgres $KEY_FILE && chmod 600 $KEY_FILE"
in_root pg_ctlcluster "$MAJOR" "$CLUSTER" start >>"$CHROOT_DIR/cluster.log" 2>&1 || {
    cat "$CHROOT_DIR/cluster.log" "$ROOT/var/log/postgresql/postgresql-$MAJOR-$CLUSTER.log" >&2
    exit 1
}
tg_expect_eq "the cluster preloads tenant_guard" tenant_guard "$(root_psql -c 'SHOW shared_preload_libraries')"

root_psql -c 'CREATE EXTENSION tenant_guard' 2>&1
tg_expect_eq "CREATE EXTENSION tenant_guard" "$VERSION" \
    "$(root_psql -c "SELECT extversion FROM pg_extension WHERE extname = 'tenant_guard'")"
tg_expect_eq "the master key from tenant-guard keygen is loaded and active" "pkgtest|t|t" \
    "$(root_psql -c 'SELECT key_id, loaded, active FROM tenant_guard.key_status')"

tg_expect_eq "a value sealed for an organisation unseals for it" "gho_refresh_token" "$(root_psql -c "
    SELECT tenant_guard.unseal('$ORG_A', tenant_guard.seal('$ORG_A', 'gho_refresh_token', 'integrations.refresh_token'),
                               'integrations.refresh_token')")"
root_psql -c "SELECT tenant_guard.seal('$ORG_B', 'b has keys too')" >/dev/null
status=0
output=$(root_psql -c "SELECT tenant_guard.unseal('$ORG_B', tenant_guard.seal('$ORG_A', 'gho_refresh_token', 'integrations.refresh_token'),
                               'integrations.refresh_token')" 2>&1) || status=$?
tg_expect_eq "unsealing for another organisation fails" 1 "$status"
tg_expect_contains "... as a value that does not authenticate" "sealed value does not authenticate for organization" \
    "$output"

status=0
output=$(root_psql -c 'CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id uuid NOT NULL)' 2>&1) || status=$?
tg_expect_eq "the guard refuses a tenant table without row level security" 1 "$status"
tg_expect_contains "... naming the rule" "tenant-table-without-rls" "$output"
tg_expect_eq "... and the table does not exist" t "$(root_psql -c "SELECT to_regclass('invoices') IS NULL")"
root_psql -c "BEGIN;
    CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id uuid NOT NULL);
    ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON invoices
        USING (organization_id = current_setting('app.organization_id')::uuid);
    COMMIT;"
tg_expect_eq "the guard accepts it with row level security and a tenant policy" t \
    "$(root_psql -c "SELECT to_regclass('invoices') IS NOT NULL")"

# The packaged CLI reads the same database through libpq (a dependency the package must pull in).
status=0
output=$(in_root runuser -u postgres -- tenant-guard audit --format markdown \
    "host=$SOCKET_DIR port=$PORT dbname=postgres" 2>&1) || status=$?
tg_expect_eq "tenant-guard audit on the cluster exits 0" 0 "$status"
tg_expect_contains "... and draws public.invoices isolated" "1 tenant table: 1 isolated" "$output"

# Purge, with the cluster still running as on a live server: the packages' files go.
in_root_apt_get purge -y -qq "postgresql-$MAJOR-tenant-guard" tenant-guard >>"$CHROOT_DIR/apt.log" 2>&1 || {
    tail -30 "$CHROOT_DIR/apt.log" >&2
    exit 1
}
for package in "postgresql-$MAJOR-tenant-guard" tenant-guard; do
    # dpkg either forgets a purged package or keeps it as not-installed.
    status=$(in_root dpkg-query -W -f '${db:Status-Status}' "$package" 2>/dev/null) || status=not-installed
    tg_expect_eq "$package is purged" not-installed "$status"
done
left_behind=""
while read -r path; do
    if [ -e "$ROOT$path" ] || [ -L "$ROOT$path" ]; then left_behind+="$path "; fi
done <<<"$installed_files"
tg_expect_eq "none of the $(wc -l <<<"$installed_files") installed files is left" "" "$left_behind"
in_root pg_ctlcluster "$MAJOR" "$CLUSTER" stop -m fast
tg_expect_eq "the cluster stops" "" "$(in_root pg_lsclusters -h | awk '$4 == "online"')"

tg_report
