#!/usr/bin/env bash
# Restore drill: pg_dump a database with sealed data, org keys, an exemption and tenant
# tables; restore it (pg_restore --single-transaction, so that each tenant table arrives with
# its policies in the transaction that creates it) into a fresh cluster with the same key file:
# everything unseals, no key is made twice, the guard is active and the exemption is kept. Into
# one with a different key under the same id: sealing and unsealing fail closed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_restore.XXXXXX)
chmod 755 "$work"
dump=$work/drill.dump

# The source database.
tg_cluster_start "$work/source"
tg_psql -q -c "CREATE DATABASE drill"
tg_psql -q -d drill -f - <<'SQL'
CREATE EXTENSION tenant_guard;
CREATE TABLE secrets (org uuid, name text, v bytea);
INSERT INTO secrets
SELECT org, 'secret ' || i, tenant_guard.seal(org, 'secret ' || i, 'secrets.v')
FROM generate_series(1, 300) AS i,
     LATERAL (SELECT ('6a6a6a6a-0000-4000-8000-' || lpad((i % 3)::text, 12, '0'))::uuid AS org) AS o;
SELECT tenant_guard.rotate_org_key('6a6a6a6a-0000-4000-8000-000000000001') AS rotated \gset
INSERT INTO secrets SELECT org, 'after rotation', tenant_guard.seal(org, 'after rotation', 'secrets.v')
FROM (VALUES ('6a6a6a6a-0000-4000-8000-000000000001'::uuid)) AS t(org);
BEGIN;
CREATE TABLE integrations (id bigint PRIMARY KEY, organization_id uuid NOT NULL, token bytea);
ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integrations
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
INSERT INTO integrations VALUES (1, '6a6a6a6a-0000-4000-8000-000000000002',
    tenant_guard.seal('6a6a6a6a-0000-4000-8000-000000000002', 'integration token', 'integrations.token'));
BEGIN;
CREATE TABLE audit_log (organization_id uuid, entry text);
SELECT tenant_guard.exempt('audit_log', 'append-only log read by the compliance job, never by tenants');
COMMIT;
SQL
keys_before=$(tg_psql -At -d drill -c "SELECT count(*) || ':' || string_agg(md5(wrapped_key), ',' ORDER BY org, purpose, version) FROM tenant_guard.org_key")
tg_as_server_user "$TG_BIN/pg_dump" -h "$PGHOST" -p "$PGPORT" -U postgres -Fc -f "$work/source/run/drill.dump" drill
cp "$work/source/run/drill.dump" "$dump"
cp "$TG_KEY_FILE" "$work/keys.same"
tg_cluster_stop

restore_into() {  # DIR: a fresh cluster with TG_KEY_FILE_SOURCE's keys, the dump restored
    tg_cluster_start "$1"
    tg_psql -q -c "CREATE DATABASE drill"
    cp "$dump" "$1/run/drill.dump"
    [ "$(id -u)" = 0 ] && chown postgres "$1/run/drill.dump"
    tg_as_server_user "$TG_BIN/pg_restore" -h "$PGHOST" -p "$PGPORT" -U postgres -d drill \
        --single-transaction --exit-on-error "$1/run/drill.dump"
}

# Same key file: every value unseals, and the org keys are the restored ones, not new ones.
TG_KEY_FILE_SOURCE=$work/keys.same restore_into "$work/same"
tg_expect_eq "every value unseals after the restore" "301" \
    "$(tg_psql -At -d drill -c "SELECT count(*) FROM secrets WHERE tenant_guard.unseal(org, v, 'secrets.v') = name")"
tg_expect_eq "the org keys are the ones dumped, none made again" "$keys_before" \
    "$(tg_psql -At -d drill -c "SELECT count(*) || ':' || string_agg(md5(wrapped_key), ',' ORDER BY org, purpose, version) FROM tenant_guard.org_key")"
tg_expect_eq "the rotated organisation seals with version 2" "2" \
    "$(tg_psql -At -d drill -c "SELECT tenant_guard.sealed_key_version(tenant_guard.seal('6a6a6a6a-0000-4000-8000-000000000001', 'x'))")"
tg_expect_eq "the master key check value came along and matches" "k1|match" \
    "$(tg_psql -At -d drill -c "SELECT key_id || '|' || check_value FROM tenant_guard.key_status")"
tg_expect_eq "the tenant table came back with its policy and sealed data" "integration token" \
    "$(tg_psql -At -d drill -c "SELECT tenant_guard.unseal(organization_id, token, 'integrations.token') FROM integrations")"
tg_expect_eq "the exemption came back with its reason" "audit_log|append-only log read by the compliance job, never by tenants" \
    "$(tg_psql -At -d drill -c "SELECT table_name || '|' || reason FROM tenant_guard.exempted_tables")"
tg_expect_contains "the guard is active in the restored database" \
    "ERROR:  tenant table public.unguarded is not isolated by row level security" \
    "$(tg_psql -At -d drill -c "CREATE TABLE unguarded (organization_id uuid)" 2>&1 || true)"
tg_cluster_stop

# A different key under the same id: fail closed, for unsealing and for sealing.
{ echo "# another key under the same id"; tg_new_master_key_line k1 active; } >"$work/keys.other"
TG_KEY_FILE_SOURCE=$work/keys.other restore_into "$work/other"
tg_expect_contains "unseal fails closed under a different master key" \
    'ERROR:  master key "k1" is not the key that was first used under that id' \
    "$(tg_psql -At -d drill -c "SELECT tenant_guard.unseal(org, v, 'secrets.v') FROM secrets LIMIT 1" 2>&1 || true)"
tg_expect_contains "seal fails closed under a different master key" \
    'ERROR:  master key "k1" is not the key that was first used under that id' \
    "$(tg_psql -At -d drill -c "SELECT tenant_guard.seal('6b6b6b6b-0000-4000-8000-000000000000', 'x')" 2>&1 || true)"
tg_cluster_stop
trap - EXIT

rm -rf "$work"
tg_report
