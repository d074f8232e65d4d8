#!/usr/bin/env bash
# make demo: tenant_guard end to end on a throwaway PostgreSQL 15 cluster, in words a new
# user can follow. Nothing is left behind: the cluster is stopped and removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/cluster.sh"
checker=${TENANT_GUARD_CLI:-$here/../build/tenant-guard}

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
indent() { sed 's/^/       /'; }
run_sql() {  # show a statement, then what PostgreSQL answers
    printf '\n  sql> %s\n' "$1"
    tg_psql -q -c "$1" 2>&1 | indent || true
}
apply_migration() {  # DATABASE FILE: one file, one transaction, as a migration tool applies it
    printf '\n  applying %s (one transaction)\n' "${2#"$here"/}"
    local output
    if output=$(tg_psql -q -d "$1" -1 -f - <"$2" 2>&1); then
        echo "       committed"
    else
        echo "$output" | indent
    fi
}

work=$(mktemp -d /tmp/tenant_guard_demo.XXXXXX)
cleanup() { tg_cluster_stop; rm -rf "$work"; }
trap cleanup EXIT

say "Starting a throwaway PostgreSQL 15 cluster with tenant_guard preloaded"
tg_cluster_start "$work"
trap cleanup EXIT
echo "  data folder: $work/run/data (socket in $PGHOST, port $PGPORT)"
echo "  master key file, generated for this demo with mode 0600: $TG_KEY_FILE"
echo "  postgresql.conf: shared_preload_libraries = 'tenant_guard', tenant_guard.key_file = '../master.keys'"
run_sql "CREATE EXTENSION tenant_guard;"
# On standard input: psql runs as the server user, who may not read this tree (a clone in /root).
tg_psql -q -f - <"$here/supabase_shim.sql" >/dev/null
tg_psql -q -c "CREATE DATABASE failing" -d postgres
tg_psql -q -d failing -c "CREATE EXTENSION tenant_guard" -f - <"$here/supabase_shim.sql" >/dev/null
echo "  (and a stand-in for Supabase's auth schema, which the example migrations use)"

say "1. The guard: a migration that leaves a tenant table open cannot commit"
echo "  examples/migrations-failing/ forgets row level security on public.projects and opens"
echo "  public.tasks to every organisation. The guard refuses the transaction and says what to add:"
apply_migration failing "$here/migrations-failing/20240101000000_organizations.sql"
apply_migration failing "$here/migrations-failing/20240102000000_projects.sql"
echo
echo "  examples/migrations-clean/ is the same schema done right; every file commits:"
for migration in "$here"/migrations-clean/*.sql; do apply_migration postgres "$migration"; done
run_sql "SELECT \"table\", rule, command FROM tenant_guard.audit();"
echo "  (audit() lists every finding in the database now: none)"

say "2. Sealing: OAuth tokens encrypted with AES-256-GCM under each organisation's own key"
run_sql "INSERT INTO organizations (id, name) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'Acme'), ('bbbbbbbb-0000-4000-8000-000000000002', 'Globex');"
run_sql "INSERT INTO integrations (organization_id, provider, access_token) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'github', tenant_guard.seal('aaaaaaaa-0000-4000-8000-000000000001', 'gho_secret_of_acme', 'integrations.access_token')),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'slack',  tenant_guard.seal('bbbbbbbb-0000-4000-8000-000000000002', 'xoxb_secret_of_globex', 'integrations.access_token'));"
echo
echo "  The table holds ciphertext: format, key version, nonce, ciphertext, tag."
run_sql "SELECT provider, encode(substr(access_token, 1, 24), 'hex') || '...' AS stored, length(access_token) AS bytes FROM integrations;"
echo
echo "  Each organisation unseals its own token:"
run_sql "SELECT provider, tenant_guard.unseal(organization_id, access_token, 'integrations.access_token') AS token FROM integrations;"
echo
echo "  Globex presenting Acme's sealed token is refused:"
run_sql "SELECT tenant_guard.unseal('bbbbbbbb-0000-4000-8000-000000000002', access_token, 'integrations.access_token') FROM integrations WHERE provider = 'github';"
echo
echo "  So is Acme's own token copied into another column (another context):"
run_sql "SELECT tenant_guard.unseal(organization_id, access_token, 'integrations.refresh_token') FROM integrations WHERE provider = 'github';"

say "3. Rotating a key, then crypto-shredding an organisation"
run_sql "SELECT tenant_guard.rotate_org_key('aaaaaaaa-0000-4000-8000-000000000001') AS new_version;"
run_sql "CALL tenant_guard.reseal_column('integrations', 'access_token', context => 'integrations.access_token');"
run_sql "SELECT provider, tenant_guard.sealed_key_version(access_token) AS key_version FROM integrations ORDER BY provider;"
run_sql "SELECT tenant_guard.shred_org('bbbbbbbb-0000-4000-8000-000000000002') AS keys_destroyed;"
run_sql "SELECT tenant_guard.unseal(organization_id, access_token, 'integrations.access_token') FROM integrations WHERE provider = 'slack';"
run_sql "SELECT key_id, active, check_value, org_keys, orgs FROM tenant_guard.key_status;"

say "4. The checker: the same rule before merge, on the migration files alone"
"$here/checker-demo.sh" "$checker" 2>&1 | indent || true

say "5. Evidence for auditors: the isolation matrix, from the database and from the migrations"
echo "  tenant_guard.report() (Markdown here; 'html' gives a self-contained page):"
tg_psql -XAt -c "SELECT tenant_guard.report()" 2>&1 | indent
echo
echo "  tenant-guard report draws the same matrix from examples/migrations-clean:"
"$checker" report "$here/migrations-clean" 2>&1 | sed -n '/^## Isolation matrix/,/^## Exemptions/p' | indent

say "Done: stopping and removing the cluster"
