-- Rotation, re-sealing a column, shredding.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
\set org '\'1a1a1a1a-0000-4000-8000-00000000001a\'::uuid'
\set other '\'1b1b1b1b-0000-4000-8000-00000000001b\'::uuid'

-- A tenant table: the guard wants it isolated in the transaction that creates it.
BEGIN;
CREATE TABLE integrations (
    id int PRIMARY KEY,
    organization_id uuid NOT NULL,
    refresh_token bytea
);
ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integrations
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
INSERT INTO integrations
SELECT i, CASE WHEN i % 2 = 0 THEN :org ELSE :other END,
       tenant_guard.seal(CASE WHEN i % 2 = 0 THEN :org ELSE :other END, 'token ' || i,
                         'integrations.refresh_token')
FROM generate_series(1, 3000) AS i;
INSERT INTO integrations VALUES (0, :org, NULL);

-- A new version; the old one decrypts only.
SELECT tenant_guard.rotate_org_key(:org) AS new_version;
SELECT version, state FROM tenant_guard.org_key WHERE org = :org AND purpose = 'seal' ORDER BY version;
SELECT tenant_guard.sealed_key_version(tenant_guard.seal(:org, 'new')) AS new_values_use;
SELECT count(*) AS still_readable FROM integrations
WHERE organization_id = :org
  AND tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token') = 'token ' || id;
-- A blind index does not change with rotation.
SELECT tenant_guard.blind_index(:org, 'x', 'c') = tenant_guard.blind_index(:org, 'x', 'c') AS stable;

-- Re-seal the column: batches, progress, and afterwards every value under its org's active key.
CALL tenant_guard.reseal_column('integrations', 'refresh_token', 'organization_id',
                                'integrations.refresh_token', 500);
SELECT organization_id = :org AS rotated_org, tenant_guard.sealed_key_version(refresh_token) AS version, count(*)
FROM integrations WHERE refresh_token IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS intact FROM integrations
WHERE tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token') = 'token ' || id;
-- Running it again finds nothing left to do (it is resumable).
CALL tenant_guard.reseal_column('integrations', 'refresh_token', 'organization_id',
                                'integrations.refresh_token', 500);
\set SHOW_CONTEXT never
CALL tenant_guard.reseal_column('integrations', 'refresh_token', batch_size => 0);
\set SHOW_CONTEXT errors

-- Rotation creates the first key of an organisation that has none.
SELECT tenant_guard.rotate_org_key('1c1c1c1c-0000-4000-8000-00000000001c') AS first_version;

-- Shredding destroys every key; nothing sealed for the org opens again.
SELECT tenant_guard.shred_org(:org) AS keys_destroyed;
SELECT version, state, master_key_id, wrapped_key, destroyed_at IS NOT NULL AS has_destroyed_at
FROM tenant_guard.org_key WHERE org = :org ORDER BY purpose, version;
SELECT tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token')
FROM integrations WHERE organization_id = :org AND refresh_token IS NOT NULL LIMIT 1;
SELECT tenant_guard.seal(:org, 'more');
SELECT tenant_guard.blind_index(:org, 'x', 'c');
SELECT tenant_guard.rotate_org_key(:org);
SELECT tenant_guard.shred_org(:org) AS destroyed_again;
SELECT tenant_guard.active_key_version(:org) IS NULL AS no_active_version;
-- The other organisation is untouched, and reseal_column skips the shredded one.
SELECT count(*) AS other_intact FROM integrations
WHERE organization_id = :other
  AND tenant_guard.unseal(organization_id, refresh_token, 'integrations.refresh_token') = 'token ' || id;
SELECT tenant_guard.rotate_org_key(:other) AS other_version;
-- Inside a transaction block it cannot commit per batch.
BEGIN;
\set SHOW_CONTEXT never
CALL tenant_guard.reseal_column('integrations', 'refresh_token', 'organization_id',
                                'integrations.refresh_token', 1000);
\set SHOW_CONTEXT errors
ROLLBACK;
CALL tenant_guard.reseal_column('integrations', 'refresh_token', 'organization_id',
                                'integrations.refresh_token', 1000);
DROP TABLE integrations;
