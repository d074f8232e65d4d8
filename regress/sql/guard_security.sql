-- The guard against a non-superuser: no way to turn it off, skip it or exempt a table.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
CREATE ROLE regress_guard_app LOGIN;
CREATE SCHEMA app AUTHORIZATION regress_guard_app;
SET ROLE regress_guard_app;

-- The guard applies to a non-superuser's own tables.
CREATE TABLE app.orders (id bigint, organization_id uuid);
\set VERBOSITY terse
BEGIN;
CREATE TABLE app.orders (id bigint, organization_id uuid);
ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.orders
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- The settings are superuser-only, by every route.
SET tenant_guard.mode = off;
SET tenant_guard.mode = warn;
BEGIN;
SET LOCAL tenant_guard.mode = off;
ROLLBACK;
SELECT set_config('tenant_guard.mode', 'off', false);
SET tenant_guard.tenant_columns = 'no_such_column';
SET tenant_guard.exempt_schemas = 'app';
ALTER ROLE regress_guard_app SET tenant_guard.mode = off;
ALTER DATABASE contrib_regression SET tenant_guard.mode = off;
CREATE FUNCTION app.guard_off() RETURNS void LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT set_config('tenant_guard.mode', 'off', true) $$;
SELECT app.guard_off();
DROP FUNCTION app.guard_off();
CREATE FUNCTION app.guard_off() RETURNS void LANGUAGE sql SET tenant_guard.mode = off
    AS $$ SELECT 1 $$;
SHOW tenant_guard.mode;

-- Event triggers: session_replication_role is superuser-only, and the event triggers are
-- owned by the superuser who created the extension.
SET session_replication_role = replica;
ALTER EVENT TRIGGER tenant_guard_ddl_command_end DISABLE;
ALTER EVENT TRIGGER tenant_guard_sql_drop DISABLE;
ALTER EVENT TRIGGER tenant_guard_ddl_command_end ENABLE REPLICA;
ALTER EVENT TRIGGER tenant_guard_ddl_command_end OWNER TO regress_guard_app;
ALTER EVENT TRIGGER tenant_guard_ddl_command_end RENAME TO harmless;
DROP EVENT TRIGGER tenant_guard_ddl_command_end;
DROP EVENT TRIGGER IF EXISTS tenant_guard_sql_drop;
CREATE EVENT TRIGGER app_first ON ddl_command_end EXECUTE FUNCTION pg_catalog.now();
DROP EXTENSION tenant_guard;

-- Exemptions: the schema, the function, and the function's own check each refuse.
SELECT tenant_guard.exempt('app.orders', 'I say so');
SELECT * FROM tenant_guard.exempted_tables;
INSERT INTO tenant_guard.exemptions VALUES ('app.orders', 'I say so', current_user, now());
RESET ROLE;
GRANT USAGE ON SCHEMA tenant_guard TO regress_guard_app;
SET ROLE regress_guard_app;
SELECT tenant_guard.exempt('app.orders', 'I say so');
SELECT tenant_guard.unexempt('app.orders');
INSERT INTO tenant_guard.exemptions VALUES ('app.orders', 'I say so', current_user, now());
SELECT count(*) FROM tenant_guard.exempted_tables;
SELECT * FROM tenant_guard.audit();
-- The event trigger functions cannot be called, or replaced.
SELECT tenant_guard.guard_ddl_command_end();
CREATE OR REPLACE FUNCTION tenant_guard.guard_ddl_command_end() RETURNS event_trigger
    LANGUAGE plpgsql AS $$ BEGIN END $$;
RESET ROLE;
GRANT EXECUTE ON FUNCTION tenant_guard.exempt(regclass, text), tenant_guard.unexempt(regclass)
    TO regress_guard_app;
SET ROLE regress_guard_app;
SELECT tenant_guard.exempt('app.orders', 'I say so');
SELECT tenant_guard.unexempt('app.orders');

-- Exempt schemas: no room for a non-superuser's tables there.
CREATE TABLE tenant_guard.orders (organization_id uuid);
CREATE TABLE pg_catalog.orders (organization_id uuid);
CREATE TABLE information_schema.orders (organization_id uuid);
-- A temporary table cannot be moved out of its temporary schema.
CREATE TEMP TABLE staging_orders (organization_id uuid);
ALTER TABLE staging_orders SET SCHEMA app;
DROP TABLE staging_orders;
-- A user's own "=" operators ahead of pg_catalog in search_path change nothing: the guard's
-- queries name pg_catalog's operators and run under a pinned search_path.
CREATE FUNCTION app.never(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE FUNCTION app.never(oid, oid) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE FUNCTION app.never(name, name) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE OPERATOR app.= (leftarg = text, rightarg = text, function = app.never);
CREATE OPERATOR app.= (leftarg = oid, rightarg = oid, function = app.never);
CREATE OPERATOR app.= (leftarg = name, rightarg = name, function = app.never);
SET search_path = app, pg_catalog, public;
SELECT 'a'::text = 'a'::text AS hijacked;
CREATE TABLE app.sneaky (organization_id uuid);
ALTER POLICY tenant_isolation ON app.orders USING (true);
RESET search_path;
-- Other routes are checked too.
ALTER TABLE app.orders DISABLE ROW LEVEL SECURITY;
ALTER POLICY tenant_isolation ON app.orders USING (organization_id IS NOT NULL);
-- Dropping the last policy denies every command: isolated, with a warning.
BEGIN;
DROP POLICY tenant_isolation ON app.orders;
ROLLBACK;
CREATE TABLE app.orders_copy AS SELECT * FROM app.orders;
SELECT * INTO app.orders_copy FROM app.orders;
-- A procedure that commits is checked at each COMMIT.
CREATE PROCEDURE app.migrate() LANGUAGE plpgsql AS $$
BEGIN
    CREATE TABLE app.proc_table (organization_id uuid);
    COMMIT;
END
$$;
CALL app.migrate();
SELECT to_regclass('app.proc_table') IS NULL AS refused;
DROP PROCEDURE app.migrate();
BEGIN;
CREATE TABLE app.prepared (organization_id uuid);
PREPARE TRANSACTION 'regress_guard_prepared';
SELECT count(*) FROM pg_prepared_xacts;
RESET ROLE;

-- Even for a superuser, session_replication_role = replica does not silence the guard: its
-- event triggers fire ALWAYS.
SET session_replication_role = replica;
CREATE TABLE app.replica_side (organization_id uuid);
RESET session_replication_role;
-- Not even a superuser can call the event trigger functions directly.
SELECT tenant_guard.guard_ddl_command_end();
SELECT tenant_guard.guard_sql_drop();

\set VERBOSITY default
REVOKE USAGE ON SCHEMA tenant_guard FROM regress_guard_app;
REVOKE EXECUTE ON FUNCTION tenant_guard.exempt(regclass, text), tenant_guard.unexempt(regclass)
    FROM regress_guard_app;
SELECT evtname, evtowner::regrole, evtenabled FROM pg_event_trigger
 WHERE evtname LIKE 'tenant_guard%' ORDER BY evtname;
SELECT count(*) AS exemptions FROM tenant_guard.exemptions;
DROP SCHEMA app CASCADE;
DROP ROLE regress_guard_app;
