-- The guard: every route by which DDL makes or changes a tenant table.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
\set VERBOSITY terse
-- The template: an isolated tenant table.
BEGIN;
CREATE TABLE accounts (id bigint PRIMARY KEY, organization_id uuid NOT NULL, name text);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
\set VERBOSITY default

-- CREATE TABLE ... AS and SELECT INTO.
CREATE TABLE accounts_copy AS SELECT * FROM accounts;
SELECT * INTO accounts_copy FROM accounts;
CREATE TABLE names_only AS SELECT id, name FROM accounts;
SELECT id, name INTO names_only_2 FROM accounts;
BEGIN;
SELECT * INTO accounts_copy FROM accounts;
ALTER TABLE accounts_copy ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts_copy
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- CREATE TABLE ... (LIKE ...): the copy does not get the original's policies.
CREATE TABLE accounts_like (LIKE accounts INCLUDING ALL);

-- INHERITS: a child has its own policies, or none.
BEGIN;
CREATE TABLE accounts_archive () INHERITS (accounts);
COMMIT;
BEGIN;
CREATE TABLE accounts_archive () INHERITS (accounts);
ALTER TABLE accounts_archive ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts_archive
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- PARTITION OF: each partition counts on its own.
BEGIN;
CREATE TABLE events (id bigint, organization_id uuid NOT NULL, at date) PARTITION BY RANGE (at);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
COMMIT;
BEGIN;
CREATE TABLE events (id bigint, organization_id uuid NOT NULL, at date) PARTITION BY RANGE (at);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE events_2026 ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events_2026
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- ATTACH PARTITION: the attached table is checked, even if it was created before the guard
-- was installed or under a superuser who switched the guard off.
SET tenant_guard.mode = off;
CREATE TABLE events_2027 (id bigint, organization_id uuid NOT NULL, at date);
RESET tenant_guard.mode;
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
BEGIN;
ALTER TABLE events ATTACH PARTITION events_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
ALTER TABLE events_2027 ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events_2027
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- DETACH PARTITION: the detached table stands alone from now on and is checked too (here it
-- was attached while the guard was off, without isolation of its own).
SET tenant_guard.mode = off;
CREATE TABLE events_2028 (id bigint, organization_id uuid NOT NULL, at date);
ALTER TABLE events ATTACH PARTITION events_2028 FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');
RESET tenant_guard.mode;
ALTER TABLE events DETACH PARTITION events_2028;
BEGIN;
ALTER TABLE events DETACH PARTITION events_2028;
ALTER TABLE events_2028 ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON events_2028
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
DROP TABLE events_2028;

-- ALTER TABLE ... ADD COLUMN: a table becomes a tenant table.
CREATE TABLE notes (id bigint, body text);
ALTER TABLE notes ADD COLUMN organization_id uuid;
BEGIN;
ALTER TABLE notes ADD COLUMN organization_id uuid;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notes
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- ADD COLUMN on a parent reaches its children: they become tenant tables too.
CREATE TABLE tags (id bigint, label text);
CREATE TABLE tags_old () INHERITS (tags);
BEGIN;
ALTER TABLE tags ADD COLUMN organization_id uuid;
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tags
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- ALTER TABLE ... RENAME COLUMN: a column renamed to the tenant column, and away from it.
CREATE TABLE teams (id bigint, org uuid);
ALTER TABLE teams RENAME COLUMN org TO organization_id;
BEGIN;
ALTER TABLE teams RENAME COLUMN org TO organization_id;
ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON teams
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
-- Renamed away from the tenant column: no longer a tenant table, nothing to check.
ALTER TABLE teams RENAME COLUMN organization_id TO org;
SELECT to_regclass('teams') IS NOT NULL AS still_there;
DROP TABLE teams;

-- DISABLE ROW LEVEL SECURITY.
ALTER TABLE accounts DISABLE ROW LEVEL SECURITY;
-- ENABLE ROW LEVEL SECURITY on a table that predates the guard is checked too.
SET tenant_guard.mode = off;
CREATE TABLE legacy (organization_id uuid);
RESET tenant_guard.mode;
ALTER TABLE legacy ENABLE ROW LEVEL SECURITY;
BEGIN;
ALTER TABLE legacy ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON legacy
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- ALTER TABLE ... RENAME and SET SCHEMA: into and out of an exempt schema.
CREATE SCHEMA staging;
SET tenant_guard.exempt_schemas = staging;
CREATE TABLE staging.imports (organization_id uuid, payload text);
ALTER TABLE staging.imports RENAME TO raw_imports;
ALTER TABLE staging.raw_imports SET SCHEMA public;
SELECT to_regclass('staging.raw_imports') IS NOT NULL AS still_in_staging;
ALTER TABLE legacy SET SCHEMA staging;
ALTER TABLE staging.legacy DISABLE ROW LEVEL SECURITY;
ALTER TABLE staging.legacy SET SCHEMA public;
RESET tenant_guard.exempt_schemas;
ALTER TABLE staging.raw_imports RENAME TO imports;
ALTER TABLE staging.legacy ENABLE ROW LEVEL SECURITY;
ALTER TABLE staging.legacy SET SCHEMA public;
-- ALTER SCHEMA ... RENAME out of an exempt schema takes its tables out of it.
CREATE SCHEMA sandbox;
SET tenant_guard.exempt_schemas = sandbox;
CREATE TABLE sandbox.experiments (organization_id uuid);
CREATE TABLE sandbox.experiments_ok (organization_id uuid);
ALTER TABLE sandbox.experiments_ok ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sandbox.experiments_ok
    USING (organization_id = current_setting('app.organization_id')::uuid);
ALTER SCHEMA sandbox RENAME TO product;
BEGIN;
ALTER SCHEMA sandbox RENAME TO product;
DROP TABLE product.experiments;
COMMIT;
-- Into an exempt schema, out of it with isolated tables only, between checked names: accepted.
ALTER SCHEMA product RENAME TO sandbox;
ALTER SCHEMA sandbox RENAME TO product;
ALTER SCHEMA product RENAME TO product2;
RESET tenant_guard.exempt_schemas;
DROP SCHEMA product2 CASCADE;

-- Subtransactions: what a rolled-back savepoint created is not checked; what a released one
-- created is.
BEGIN;
SAVEPOINT a;
CREATE TABLE rolled_back (organization_id uuid);
ROLLBACK TO SAVEPOINT a;
COMMIT;
BEGIN;
SAVEPOINT a;
CREATE TABLE released (organization_id uuid);
RELEASE SAVEPOINT a;
COMMIT;
-- An exception block in PL/pgSQL is a subtransaction too.
DO $$
BEGIN
    BEGIN
        CREATE TABLE caught (organization_id uuid);
        RAISE EXCEPTION 'undo';
    EXCEPTION WHEN raise_exception THEN
        NULL;
    END;
END
$$;
-- A table touched before a savepoint stays recorded when the savepoint rolls back.
BEGIN;
CREATE TABLE outer_one (organization_id uuid);
SAVEPOINT a;
ALTER TABLE outer_one ADD COLUMN note text;
ROLLBACK TO SAVEPOINT a;
COMMIT;
-- A dropped policy restored by ROLLBACK TO SAVEPOINT leaves nothing to check.
BEGIN;
SAVEPOINT a;
DROP POLICY tenant_isolation ON notes;
ROLLBACK TO SAVEPOINT a;
COMMIT;

-- CREATE SCHEMA with its tables inside.
CREATE SCHEMA crm CREATE TABLE contacts (id bigint, organization_id uuid);
SELECT to_regnamespace('crm') IS NULL AS refused;

-- A function running DDL is no way around the guard.
CREATE FUNCTION make_table() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'CREATE TABLE dynamic_one (organization_id uuid)';
END
$$;
SELECT make_table();
DROP FUNCTION make_table();

-- Column renames written as ALTER VIEW, ALTER MATERIALIZED VIEW, ALTER FOREIGN TABLE or ALTER
-- TYPE: PostgreSQL applies each to an ordinary table (and ALTER VIEW recurses into children).
\set VERBOSITY terse
SET tenant_guard.mode = off;
CREATE TABLE renamed_as_view (id bigint, org uuid);
CREATE TABLE renamed_as_view_child () INHERITS (renamed_as_view);
CREATE TABLE renamed_as_matview (id bigint, org uuid);
CREATE TABLE renamed_as_foreign (id bigint, org uuid);
CREATE TABLE renamed_as_type (id bigint, org uuid);
RESET tenant_guard.mode;
ALTER VIEW renamed_as_view RENAME COLUMN org TO organization_id;
ALTER MATERIALIZED VIEW renamed_as_matview RENAME COLUMN org TO organization_id;
ALTER FOREIGN TABLE renamed_as_foreign RENAME COLUMN org TO organization_id;
ALTER TYPE renamed_as_type RENAME ATTRIBUTE org TO organization_id;
SELECT count(*) AS still_no_tenant_column FROM pg_attribute
WHERE attname = 'organization_id'
  AND attrelid IN ('renamed_as_view'::regclass, 'renamed_as_view_child'::regclass,
                   'renamed_as_matview'::regclass, 'renamed_as_foreign'::regclass,
                   'renamed_as_type'::regclass);
-- Only the child is left without isolation: refused for the child.
BEGIN;
ALTER VIEW renamed_as_view RENAME COLUMN org TO organization_id;
ALTER TABLE renamed_as_view ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON renamed_as_view
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
DROP TABLE renamed_as_view, renamed_as_view_child, renamed_as_matview, renamed_as_foreign,
    renamed_as_type;

-- ALTER TYPE ... ADD or RENAME ATTRIBUTE ... CASCADE reaches the typed tables of the type.
CREATE TYPE account_row AS (id bigint, org uuid);
SET tenant_guard.mode = off;
CREATE TABLE typed_accounts OF account_row;
RESET tenant_guard.mode;
ALTER TYPE account_row RENAME ATTRIBUTE org TO organization_id CASCADE;
ALTER TYPE account_row ADD ATTRIBUTE organization_id uuid CASCADE;
SELECT count(*) AS still_no_tenant_column FROM pg_attribute
WHERE attrelid = 'typed_accounts'::regclass AND attname = 'organization_id';
BEGIN;
ALTER TYPE account_row ADD ATTRIBUTE organization_id uuid CASCADE;
ALTER TABLE typed_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON typed_accounts
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
DROP TABLE typed_accounts;
DROP TYPE account_row;

-- ALTER FOREIGN TABLE on a foreign parent recurses into its ordinary children.
CREATE FOREIGN DATA WRAPPER routes_fdw;
CREATE SERVER routes_server FOREIGN DATA WRAPPER routes_fdw;
CREATE FOREIGN TABLE remote_accounts (id bigint, org uuid) SERVER routes_server;
SET tenant_guard.mode = off;
CREATE TABLE local_accounts () INHERITS (remote_accounts);
RESET tenant_guard.mode;
ALTER FOREIGN TABLE remote_accounts ADD COLUMN organization_id uuid;
ALTER FOREIGN TABLE remote_accounts RENAME COLUMN org TO organization_id;
SELECT count(*) AS still_no_tenant_column FROM pg_attribute
WHERE attrelid = 'local_accounts'::regclass AND attname = 'organization_id';
DROP SERVER routes_server CASCADE;
DROP FOREIGN DATA WRAPPER routes_fdw;

-- ALTER EXTENSION ... SET SCHEMA moves an extension's tenant table out of an exempt schema.
CREATE SCHEMA vendor;
SET tenant_guard.exempt_schemas = vendor;
CREATE EXTENSION tg_fixture_tables SCHEMA vendor;
RESET tenant_guard.exempt_schemas;
ALTER EXTENSION tg_fixture_tables SET SCHEMA public;
SELECT to_regclass('vendor.fixture_imports') IS NOT NULL AS still_in_vendor;
BEGIN;
ALTER EXTENSION tg_fixture_tables SET SCHEMA public;
ALTER TABLE fixture_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON fixture_imports
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
DROP EXTENSION tg_fixture_tables;
DROP SCHEMA vendor;
\set VERBOSITY default

SELECT * FROM tenant_guard.audit();
DROP TABLE accounts_archive, accounts_copy, accounts, events, notes, tags_old, tags, legacy,
    names_only, names_only_2;
DROP SCHEMA staging CASCADE;
SELECT count(*) AS leftovers FROM tenant_guard.audit();
