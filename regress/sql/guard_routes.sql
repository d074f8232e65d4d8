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

SELECT * FROM tenant_guard.audit();
DROP TABLE accounts_archive, accounts_copy, accounts, events, notes, tags_old, tags, legacy,
    names_only, names_only_2;
DROP SCHEMA staging CASCADE;
SELECT count(*) AS leftovers FROM tenant_guard.audit();
