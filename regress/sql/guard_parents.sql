-- The guard: an inheritance parent without the tenant column reaches its tenant descendants'
-- rows under its own policies, not theirs (parent-exposes-tenant-rows).
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
CREATE ROLE regress_parent_reader;

-- A parent without row level security above an isolated child: refused.
BEGIN;
CREATE TABLE items (id bigint, name text);
CREATE TABLE tenant_items (organization_id uuid) INHERITS (items);
ALTER TABLE tenant_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_items
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
SELECT to_regclass('tenant_items') IS NULL AS refused;

-- With row level security and no policy, every command through the parent is denied: accepted.
BEGIN;
CREATE TABLE items (id bigint, name text);
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE TABLE tenant_items (organization_id uuid) INHERITS (items);
ALTER TABLE tenant_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_items
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
SELECT to_regclass('tenant_items') IS NOT NULL AS accepted;

-- A policy on the parent that lets a role read: refused, whatever the child's policies say.
CREATE POLICY read_all ON items FOR SELECT TO regress_parent_reader USING (true);

-- INSERT through the parent writes the parent's own rows: no finding.
CREATE POLICY add_items ON items FOR INSERT WITH CHECK (true);

-- ALTER TABLE ... INHERIT puts an isolated table under an unprotected parent: refused.
CREATE TABLE catalogue (id bigint, name text);
BEGIN;
CREATE TABLE tenant_catalogue (id bigint, name text, organization_id uuid);
ALTER TABLE tenant_catalogue ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_catalogue
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
ALTER TABLE tenant_catalogue INHERIT catalogue;
-- Disabling row level security on a parent is refused too.
ALTER TABLE items DISABLE ROW LEVEL SECURITY;

-- Exempting a parent says which descendants it exposes.
SELECT tenant_guard.exempt('catalogue', 'read only by the nightly export');
ALTER TABLE tenant_catalogue INHERIT catalogue;
SELECT tenant_guard.exempt('catalogue', 'read only by the nightly export, which runs as a superuser');
SELECT tenant_guard.unexempt('catalogue');
SELECT "table", rule, command, policy FROM tenant_guard.audit() ORDER BY 1, 2, 3;
ALTER TABLE tenant_catalogue NO INHERIT catalogue;
DROP TABLE tenant_catalogue, catalogue, tenant_items, items;
DROP ROLE regress_parent_reader;
