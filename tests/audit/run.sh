#!/usr/bin/env bash
# `tenant-guard audit` against the guard on a throwaway cluster: every differential case, in a
# database with the extension and in one without it (compare_audit.py), then the exit codes and
# what the audit never prints (the password of its connection string).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"
checker=$1

work=$(mktemp -d /tmp/tenant_guard_audit.XXXXXX)
tg_cluster_start "$work"
export TG_BIN PGHOST PGPORT PGUSER
status=0
python3 "$here/compare_audit.py" "$checker" "$here/../../examples/supabase_shim.sql" \
    "$here"/../differential/cases/* "$here"/../../examples/migrations-* || status=1

# Exit codes as `check` gives them, the org-key section only for a role that may read the keys,
# and never the connection string's password.
psql_as_server() { tg_as_server_user "$TG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -U postgres "$@"; }
on() { echo "host=$PGHOST port=$PGPORT user=${2:-postgres} dbname=$1"; }
psql_as_server -d postgres -c "CREATE DATABASE audit_exit" -c "CREATE ROLE audit_reader LOGIN"
psql_as_server -d audit_exit -c "SET client_min_messages = warning" -c "CREATE EXTENSION tenant_guard" \
    -c "CREATE TABLE public.notes (id int, organization_id uuid)
        ; ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY
        ; CREATE POLICY own ON public.notes FOR SELECT
              USING (organization_id = current_setting('app.organization_id')::uuid)"
run() { set +e; output=$("$checker" audit "$@" 2>&1); code=$?; set -e; }
run --fail-on error "$(on audit_exit)"
tg_expect_eq "a missing policy is a warning: exit 0 under --fail-on error" 0 "$code"
run --fail-on warning "$(on audit_exit)"
tg_expect_eq "the same under --fail-on warning: exit 1" 1 "$code"
psql_as_server -d audit_exit -c "SET tenant_guard.mode = warn" -c "SET client_min_messages = error" \
    -c "ALTER TABLE public.notes DISABLE ROW LEVEL SECURITY"
run "$(on audit_exit)"
tg_expect_eq "row level security off: exit 1" 1 "$code"
tg_expect_contains "the finding names the table and the rule" "tenant table public.notes [tenant-table-without-rls]" "$output"
run --tenant-column account_id "$(on audit_exit)"
tg_expect_eq "another tenant column: public.notes is no tenant table, exit 0" 0 "$code"
tg_expect_contains "... and the audit says that no table has one" "has a tenant column (account_id)" "$output"
run --fail-on never "$(on audit_exit)"
tg_expect_eq "--fail-on never: exit 0" 0 "$code"
run --format markdown "$(on audit_exit)"
tg_expect_contains "the database owner's report has the org-key section" "## Organisation keys" "$output"
run --format markdown "$(on audit_exit audit_reader)"
tg_expect_eq "a role that may not read org_key: still a report (exit 1 for the finding)" 1 "$code"
tg_expect_contains "... with the isolation matrix" "## Isolation matrix" "$output"
tg_expect_eq "... and without the org-key section" "" "$(grep -F '## Organisation keys' <<<"$output" || true)"
run "postgresql://someone:s3cret-Pw0rd@127.0.0.1:1/nowhere"
tg_expect_eq "no server: exit 2" 2 "$code"
tg_expect_contains "... saying why" "tenant-guard: cannot connect:" "$output"
tg_expect_eq "... and never the password" "" "$(grep -F 's3cret-Pw0rd' <<<"$output" || true)"
run "$(on no_such_database)"
tg_expect_eq "no such database: exit 2" 2 "$code"
if command -v node >/dev/null && command -v npm >/dev/null; then
    "$checker" audit --format sarif --fail-on never -o "$work/audit.sarif" "$(on audit_exit)"
    set +e; validated=$("$here/../sarif/validate.sh" "$work/audit.sarif" 2>&1); code=$?; set -e
    [ "$code" = 0 ] || echo "$validated"
    tg_expect_eq "the audit's SARIF is valid SARIF 2.1.0" 0 "$code"
    tg_expect_contains "... located in the database" '"uri": "postgresql://' "$(cat "$work/audit.sarif")"
else
    echo "ok - # SKIP SARIF schema validation: Node.js is not installed"
fi
run --format yaml "$(on audit_exit)"
tg_expect_eq "an unknown format: exit 2" 2 "$code"
psql_as_server -d postgres -c "DROP DATABASE audit_exit" -c "DROP ROLE audit_reader"
tg_report || status=1
tg_cluster_stop
trap - EXIT
[ $status = 0 ] && rm -rf "$work"
exit $status
