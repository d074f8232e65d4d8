#!/usr/bin/env bash
# make demo: tenant_guard end to end on a throwaway PostgreSQL 15 cluster, in words a new
# user can follow. Nothing is left behind: the cluster is stopped and removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/cluster.sh"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
run_sql() {  # show a statement, then what PostgreSQL answers
    printf '\n  sql> %s\n' "$1"
    tg_psql -q -c "$1" 2>&1 | sed 's/^/       /' || true
}

work=$(mktemp -d /tmp/tenant_guard_demo.XXXXXX)
cleanup() { tg_cluster_stop; rm -rf "$work"; }
trap cleanup EXIT

say "Starting a throwaway PostgreSQL 15 cluster with tenant_guard preloaded"
tg_cluster_start "$work"
trap cleanup EXIT
echo "  data folder: $work/run/data, socket: $PGHOST, port $PGPORT"
echo "  master key file (generated for this demo, mode 0600): $TG_KEY_FILE"
echo "  postgresql.conf: shared_preload_libraries = 'tenant_guard', tenant_guard.key_file = '../master.keys'"
run_sql "CREATE EXTENSION tenant_guard;"

say "Sealing secrets for two organisations (AES-256-GCM, one key per organisation)"
run_sql "CREATE TABLE integrations (id serial PRIMARY KEY, organization_id uuid NOT NULL, provider text, refresh_token bytea);"
run_sql "INSERT INTO integrations (organization_id, provider, refresh_token) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'github', tenant_guard.seal('aaaaaaaa-0000-4000-8000-000000000001', 'gho_secret_of_acme', 'integrations.refresh_token')),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'slack',  tenant_guard.seal('bbbbbbbb-0000-4000-8000-000000000002', 'xoxb_secret_of_globex', 'integrations.refresh_token'));"
echo
echo "  What the table stores is ciphertext: version header, nonce, ciphertext, tag."
run_sql "SELECT provider, encode(substr(refresh_token, 1, 24), 'hex') || '...' AS stored, length(refresh_token) AS bytes FROM integrations;"
echo
echo "  Each organisation unseals its own secret:"
run_sql "SELECT provider, tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token') AS secret FROM integrations;"
echo
echo "  Organisation B presenting organisation A's value is refused:"
run_sql "SELECT tenant_guard.unseal('bbbbbbbb-0000-4000-8000-000000000002', refresh_token, 'integrations.refresh_token') FROM integrations WHERE provider = 'github';"
echo
echo "  So is the right organisation with the value moved to another column (context):"
run_sql "SELECT tenant_guard.unseal(organization_id, refresh_token, 'webhooks.signing_secret') FROM integrations WHERE provider = 'github';"

say "Rotating an organisation's key, then crypto-shredding it"
run_sql "SELECT tenant_guard.rotate_org_key('aaaaaaaa-0000-4000-8000-000000000001') AS new_version;"
run_sql "CALL tenant_guard.reseal_column('integrations', 'refresh_token', context => 'integrations.refresh_token');"
run_sql "SELECT provider, tenant_guard.sealed_key_version(refresh_token) AS key_version FROM integrations ORDER BY provider;"
run_sql "SELECT tenant_guard.shred_org('bbbbbbbb-0000-4000-8000-000000000002') AS keys_destroyed;"
run_sql "SELECT tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token') FROM integrations WHERE provider = 'slack';"
run_sql "SELECT key_id, active, check_value, org_keys, orgs FROM tenant_guard.key_status;"

say "Done: stopping and removing the cluster"
