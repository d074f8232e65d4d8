-- reseal_column against a table whose owner is hostile: an unprivileged migration owner plants
-- code of every kind that runs when rows change, and an operator for the caller's search_path.
-- The superuser's re-seal must run all of it as the owner, give the owner nothing, and still
-- re-seal every value it can, reporting those it cannot.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
\set org_a '\'5a5a5a5a-0000-4000-8000-00000000005a\'::uuid'
\set org_b '\'5b5b5b5b-0000-4000-8000-00000000005b\'::uuid'
CREATE ROLE tg_migrator;
CREATE ROLE tg_partition_owner;
CREATE SCHEMA app AUTHORIZATION tg_migrator;
GRANT USAGE, CREATE ON SCHEMA app TO tg_partition_owner;

SET ROLE tg_migrator;
-- Where the planted code says who it ran as.
CREATE TABLE app.witness (kind text, ran_as name);
GRANT INSERT ON app.witness TO tg_partition_owner;
-- Each planted piece records who ran it, then tries to make its owner a superuser and to
-- read the server's files, swallowing its own errors so that the update goes on.
CREATE FUNCTION app.plant(kind text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO app.witness VALUES (kind, current_user);
    BEGIN
        EXECUTE 'ALTER ROLE tg_migrator SUPERUSER';
    EXCEPTION WHEN OTHERS THEN NULL;
    END;
    BEGIN
        EXECUTE 'GRANT pg_read_server_files TO tg_migrator';
    EXCEPTION WHEN OTHERS THEN NULL;
    END;
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION app.plant(text) TO tg_partition_owner;
-- Index expressions and generated columns need an IMMUTABLE function: it lies.
CREATE FUNCTION app.plant_immutable(kind text, value bytea) RETURNS boolean IMMUTABLE
    LANGUAGE plpgsql AS $$ BEGIN RETURN app.plant(kind); END $$;
CREATE FUNCTION app.plant_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM app.plant(TG_ARGV[0]);
    RETURN NEW;
END
$$;
GRANT EXECUTE ON FUNCTION app.plant_trigger() TO tg_partition_owner;
-- An operator that an unqualified integer / double precision finds before pg_catalog's.
CREATE FUNCTION app.divide(integer, double precision) RETURNS double precision LANGUAGE plpgsql AS $$
BEGIN
    PERFORM app.plant('operator');
    RETURN $1::double precision / $2;
END
$$;
CREATE OPERATOR app./ (LEFTARG = integer, RIGHTARG = double precision, FUNCTION = app.divide);
-- And look-alikes of what a re-seal's own queries use, for a search_path that puts app before
-- pg_catalog.
CREATE FUNCTION app.tid_equal(tid, tid) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM app.plant('tid operator');
    RETURN $1 OPERATOR(pg_catalog.=) $2;
END
$$;
CREATE OPERATOR app.= (LEFTARG = tid, RIGHTARG = tid, FUNCTION = app.tid_equal);
CREATE FUNCTION app.unnest(tid[]) RETURNS SETOF tid LANGUAGE plpgsql AS $$
BEGIN
    PERFORM app.plant('unnest');
    RETURN QUERY SELECT pg_catalog.unnest($1);
END
$$;
-- A trigger that changes the session's settings for good, as far as it can.
CREATE FUNCTION app.change_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'hijacked', false);
    PERFORM pg_catalog.set_config('work_mem', '77kB', false);
    RETURN NEW;
END
$$;
CREATE DOMAIN app.sealed_token AS bytea;

BEGIN;
CREATE TABLE app.secrets (id int PRIMARY KEY, organization_id uuid NOT NULL, token app.sealed_token);
ALTER TABLE app.secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.secrets
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
RESET ROLE;

-- The values are sealed before the owner plants anything, under key version 1.
INSERT INTO app.secrets
SELECT i, CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END,
       tenant_guard.seal(CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END, 'secret ' || i, 'secrets.token')
FROM generate_series(1, 20) AS i;

SET ROLE tg_migrator;
CREATE TRIGGER before_update BEFORE UPDATE ON app.secrets
    FOR EACH ROW EXECUTE FUNCTION app.plant_trigger('before trigger');
CREATE TRIGGER after_update AFTER UPDATE ON app.secrets
    FOR EACH ROW EXECUTE FUNCTION app.plant_trigger('after trigger');
CREATE TRIGGER after_statement AFTER UPDATE ON app.secrets
    FOR EACH STATEMENT EXECUTE FUNCTION app.plant_trigger('statement trigger');
CREATE TRIGGER change_settings BEFORE UPDATE ON app.secrets
    FOR EACH ROW EXECUTE FUNCTION app.change_settings();
CREATE RULE also_plant AS ON UPDATE TO app.secrets DO ALSO SELECT app.plant('rule');
ALTER TABLE app.secrets ADD CONSTRAINT planted CHECK (app.plant('check constraint'));
ALTER DOMAIN app.sealed_token ADD CONSTRAINT planted CHECK (app.plant_immutable('domain check', VALUE));
ALTER TABLE app.secrets ADD COLUMN planted boolean
    GENERATED ALWAYS AS (app.plant_immutable('generated column', token)) STORED;
CREATE INDEX planted_expression ON app.secrets ((app.plant_immutable('index expression', token)));
-- Folded to a constant wherever the index's expressions are first loaded, planning included.
CREATE INDEX planted_constant ON app.secrets ((token IS NULL), (app.plant_immutable('constant in an index', '\x00')));
RESET ROLE;

-- Partitions and inheritance children have their own owners.
SET ROLE tg_migrator;
BEGIN;
CREATE TABLE app.events (id int, organization_id uuid NOT NULL, token bytea) PARTITION BY LIST (organization_id);
ALTER TABLE app.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.events
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE app.events_a PARTITION OF app.events FOR VALUES IN ('5a5a5a5a-0000-4000-8000-00000000005a');
ALTER TABLE app.events_a ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.events_a
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
RESET ROLE;
SET ROLE tg_partition_owner;
BEGIN;
CREATE TABLE app.events_b (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.events_b ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.events_b
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
CREATE TRIGGER before_update BEFORE UPDATE ON app.events_b
    FOR EACH ROW EXECUTE FUNCTION app.plant_trigger('partition trigger');
RESET ROLE;
ALTER TABLE app.events ATTACH PARTITION app.events_b FOR VALUES IN ('5b5b5b5b-0000-4000-8000-00000000005b');
INSERT INTO app.events
SELECT i, CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END,
       tenant_guard.seal(CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END, 'event ' || i, 'events.token')
FROM generate_series(1, 10) AS i;
SET ROLE tg_migrator;
CREATE TRIGGER before_update BEFORE UPDATE ON app.events_a
    FOR EACH ROW EXECUTE FUNCTION app.plant_trigger('partition trigger');
RESET ROLE;

-- Rows the owner cannot re-seal: hidden by FORCE ROW LEVEL SECURITY, skipped by a BEFORE
-- trigger returning NULL or by a DO INSTEAD rule, and failing in a trigger.
SET ROLE tg_migrator;
BEGIN;
CREATE TABLE app.forced (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.forced ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.forced FORCE ROW LEVEL SECURITY;
CREATE POLICY only_org_a ON app.forced
    USING (organization_id = coalesce(current_setting('app.visible_org', true), '5a5a5a5a-0000-4000-8000-00000000005a')::uuid);
CREATE TABLE app.skipping (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.skipping ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.skipping
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE app.instead (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.instead ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.instead
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE app.fragile (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.fragile ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.fragile
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE app.deferred (id int, organization_id uuid NOT NULL, token bytea);
ALTER TABLE app.deferred ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app.deferred
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
RESET ROLE;
INSERT INTO app.forced SELECT i, CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END,
    tenant_guard.seal(CASE WHEN i % 2 = 0 THEN :org_a ELSE :org_b END, 'forced ' || i) FROM generate_series(1, 6) AS i;
INSERT INTO app.skipping SELECT i, :org_a, tenant_guard.seal(:org_a, 'skipping ' || i) FROM generate_series(1, 4) AS i;
INSERT INTO app.instead SELECT i, :org_a, tenant_guard.seal(:org_a, 'instead ' || i) FROM generate_series(1, 3) AS i;
INSERT INTO app.fragile SELECT i, :org_a, tenant_guard.seal(:org_a, 'fragile ' || i) FROM generate_series(1, 5) AS i;
INSERT INTO app.deferred SELECT i, :org_a, tenant_guard.seal(:org_a, 'deferred ' || i) FROM generate_series(1, 2) AS i;
SET ROLE tg_migrator;
CREATE FUNCTION app.skip_two() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id = 2 THEN RETURN NULL; END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER skip_two BEFORE UPDATE ON app.skipping FOR EACH ROW EXECUTE FUNCTION app.skip_two();
CREATE RULE nothing AS ON UPDATE TO app.instead DO INSTEAD NOTHING;
CREATE FUNCTION app.fail_on_three() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id = 3 THEN RAISE EXCEPTION 'row 3 refuses'; END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER fail_on_three BEFORE UPDATE ON app.fragile FOR EACH ROW EXECUTE FUNCTION app.fail_on_three();
-- A deferred trigger would fire at COMMIT, after the owner's context has ended.
CREATE CONSTRAINT TRIGGER deferred_plant AFTER UPDATE ON app.deferred DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION app.plant_trigger('deferred trigger');
RESET ROLE;

SELECT tenant_guard.rotate_org_key(:org_a) AS org_a_version, tenant_guard.rotate_org_key(:org_b) AS org_b_version;
DELETE FROM app.witness;

-- A fresh session, as an operator would run the runbook, with the application's schema first
-- in its search_path.
\c
SET search_path = app, pg_catalog, public;
CALL tenant_guard.reseal_column('app.secrets', 'token', context => 'secrets.token', batch_size => 5);
CALL tenant_guard.reseal_column('app.events', 'token', context => 'events.token', batch_size => 3);
CALL tenant_guard.reseal_column('app.forced', 'token');
CALL tenant_guard.reseal_column('app.skipping', 'token');
CALL tenant_guard.reseal_column('app.instead', 'token');
CALL tenant_guard.reseal_column('app.fragile', 'token');
CALL tenant_guard.reseal_column('app.deferred', 'token');
-- The owner's trigger changed no setting of the caller's session.
SHOW search_path;
SHOW work_mem;
RESET search_path;

-- The owner gained nothing.
SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles
WHERE rolname IN ('tg_migrator', 'tg_partition_owner') ORDER BY 1;
SELECT count(*) AS memberships FROM pg_auth_members
WHERE member IN ('tg_migrator'::regrole, 'tg_partition_owner'::regrole);
-- Every planted piece ran, and each as the owner of its table.
SELECT kind, ran_as, count(*) > 0 AS ran FROM app.witness GROUP BY 1, 2 ORDER BY 1, 2;

-- Every value is under the new key version and opens to what was sealed.
SELECT tenant_guard.sealed_key_version(token) AS version, count(*) AS values,
       count(*) FILTER (WHERE tenant_guard.unseal(organization_id, token, 'secrets.token') = 'secret ' || id) AS intact
FROM app.secrets GROUP BY 1 ORDER BY 1;
SELECT tableoid::regclass AS partition, tenant_guard.sealed_key_version(token) AS version, count(*) AS values,
       count(*) FILTER (WHERE tenant_guard.unseal(organization_id, token, 'events.token') = 'event ' || id) AS intact
FROM app.events GROUP BY 1, 2 ORDER BY 1, 2;
-- What could not be re-sealed was reported above, and is still there and readable.
SELECT 'forced' AS "table", organization_id = :org_a AS org_a, tenant_guard.sealed_key_version(token) AS version,
       count(*) AS values FROM app.forced GROUP BY 1, 2, 3
UNION ALL
SELECT 'skipping', id = 2, tenant_guard.sealed_key_version(token), count(*) FROM app.skipping GROUP BY 1, 2, 3
UNION ALL
SELECT 'instead', null::boolean, tenant_guard.sealed_key_version(token), count(*) FROM app.instead GROUP BY 1, 2, 3
UNION ALL
SELECT 'fragile', id = 3, tenant_guard.sealed_key_version(token), count(*) FROM app.fragile GROUP BY 1, 2, 3
UNION ALL
SELECT 'deferred', null::boolean, tenant_guard.sealed_key_version(token), count(*) FROM app.deferred GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
SELECT count(*) AS all_open FROM app.fragile WHERE tenant_guard.unseal(organization_id, token) = 'fragile ' || id;

-- The runbook's fix for FORCE ROW LEVEL SECURITY, then the rest goes through.
ALTER TABLE app.forced NO FORCE ROW LEVEL SECURITY;
CALL tenant_guard.reseal_column('app.forced', 'token');
ALTER TABLE app.forced FORCE ROW LEVEL SECURITY;

-- Only for superusers, even after a mistaken GRANT, and reseal_rows is no way around that.
GRANT USAGE ON SCHEMA tenant_guard TO tg_migrator;
GRANT EXECUTE ON FUNCTION tenant_guard.reseal_rows(regclass, name, name, text, tid, tid, boolean) TO tg_migrator;
SET ROLE tg_migrator;
CALL tenant_guard.reseal_column('app.secrets', 'token');
SELECT * FROM tenant_guard.reseal_rows('app.secrets', 'token', 'organization_id', '', '(0,0)', '(9,0)', true);
RESET ROLE;
REVOKE ALL ON SCHEMA tenant_guard FROM tg_migrator;
REVOKE ALL ON FUNCTION tenant_guard.reseal_rows(regclass, name, name, text, tid, tid, boolean) FROM tg_migrator;
-- Wrong tables and columns are refused before anything is written.
\set SHOW_CONTEXT never
CALL tenant_guard.reseal_column('pg_class', 'relname');
CALL tenant_guard.reseal_column('app.secrets', 'id');
CALL tenant_guard.reseal_column('app.secrets', 'token', org_col => 'id');
CALL tenant_guard.reseal_column('app.secrets', 'planted');
CALL tenant_guard.reseal_column('app.secrets', 'no_such_column');

\set SHOW_CONTEXT errors
SET client_min_messages = warning;
DROP SCHEMA app CASCADE;
RESET client_min_messages;
DROP ROLE tg_migrator;
DROP ROLE tg_partition_owner;
