-- The guard: which policies isolate a tenant table, command by command, role by role (the
-- rule version 2, docs/guard.md). Each case runs in its own transaction; `committed` says
-- whether the guard let it through.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
CREATE FUNCTION current_org() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.organization_id')::uuid $$;
CREATE FUNCTION has_org(org uuid) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT org = current_setting('app.organization_id')::uuid $$;
CREATE ROLE app_user;
CREATE ROLE platform_admin BYPASSRLS;
BEGIN;
CREATE TABLE memberships (organization_id uuid, user_name name);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON memberships USING (user_name = current_user AND organization_id = current_org());
COMMIT;

-- One policy per command, each confining: accepted.
BEGIN;
CREATE TABLE documents (id bigint, organization_id uuid, owner name);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_select ON documents FOR SELECT USING (organization_id = current_org());
CREATE POLICY docs_insert ON documents FOR INSERT WITH CHECK (organization_id = current_org());
CREATE POLICY docs_update ON documents FOR UPDATE USING (organization_id = current_org())
    WITH CHECK (organization_id = current_org());
CREATE POLICY docs_delete ON documents FOR DELETE USING (organization_id = current_org());
COMMIT;

-- A command with no policy is denied: a warning, and the transaction commits.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY files_select ON files FOR SELECT USING (organization_id = current_org());
CREATE POLICY files_insert ON files FOR INSERT WITH CHECK (organization_id = current_org());
COMMIT;
SELECT to_regclass('files') IS NOT NULL AS committed;
DROP TABLE files;
-- ... unless tenant_guard.missing_policy raises it to an error.
SET tenant_guard.missing_policy = error;
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY files_select ON files FOR SELECT USING (organization_id = current_org());
COMMIT;
RESET tenant_guard.missing_policy;

-- The leaks people ship, one table each: every one is refused.
BEGIN;
CREATE TABLE leak_true (organization_id uuid);
ALTER TABLE leak_true ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON leak_true USING (true);
COMMIT;
BEGIN;
CREATE TABLE leak_not_null (organization_id uuid);
ALTER TABLE leak_not_null ENABLE ROW LEVEL SECURITY;
CREATE POLICY any_org ON leak_not_null USING (organization_id IS NOT NULL);
COMMIT;
BEGIN;
CREATE TABLE leak_self (organization_id uuid);
ALTER TABLE leak_self ENABLE ROW LEVEL SECURITY;
CREATE POLICY itself ON leak_self USING (organization_id = organization_id);
COMMIT;
BEGIN;
CREATE TABLE leak_or_true (organization_id uuid);
ALTER TABLE leak_or_true ENABLE ROW LEVEL SECURITY;
CREATE POLICY or_true ON leak_or_true USING (organization_id = current_org() OR true);
COMMIT;
BEGIN;
CREATE TABLE leak_fail_open (organization_id uuid);
ALTER TABLE leak_fail_open ENABLE ROW LEVEL SECURITY;
CREATE POLICY unset_means_all ON leak_fail_open
    USING (current_setting('app.organization_id', true) IS NULL
           OR organization_id = current_setting('app.organization_id', true)::uuid);
COMMIT;
BEGIN;
CREATE TABLE leak_like (organization_id uuid);
ALTER TABLE leak_like ENABLE ROW LEVEL SECURITY;
CREATE POLICY like_all ON leak_like USING (organization_id::text LIKE '%');
COMMIT;
BEGIN;
CREATE TABLE leak_literal (organization_id uuid);
ALTER TABLE leak_literal ENABLE ROW LEVEL SECURITY;
CREATE POLICY one_org ON leak_literal USING (organization_id = 'c0ffee00-0000-4000-8000-000000000000');
COMMIT;
BEGIN;
CREATE TABLE leak_with_check (organization_id uuid);
ALTER TABLE leak_with_check ENABLE ROW LEVEL SECURITY;
CREATE POLICY write_anywhere ON leak_with_check USING (organization_id = current_org())
    WITH CHECK (organization_id IS NOT NULL);
COMMIT;
SELECT count(*) AS leaks_committed FROM pg_class WHERE relname LIKE 'leak\_%';

-- An extra permissive policy ORs its way past a confining one.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON files USING (organization_id = current_org());
CREATE POLICY admins_read_all ON files FOR SELECT USING (current_user = 'admin');
COMMIT;

-- ... unless a restrictive policy confines the command for the same roles.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON files USING (true);
CREATE POLICY tenant_only ON files AS RESTRICTIVE USING (organization_id = current_org());
COMMIT;
-- A restrictive policy for fewer roles than the permissive one covers nothing.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON reports FOR SELECT USING (true);
CREATE POLICY tenant_only ON reports AS RESTRICTIVE FOR SELECT TO app_user USING (organization_id = current_org());
COMMIT;
-- A restrictive policy whose expression confines nothing helps nothing.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON reports FOR SELECT USING (true);
CREATE POLICY business_hours ON reports AS RESTRICTIVE USING (extract(hour FROM now()) BETWEEN 8 AND 18);
COMMIT;
-- Restrictive policies alone grant nothing: every command is denied, with a warning.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_only ON reports AS RESTRICTIVE USING (organization_id = current_org());
COMMIT;
DROP TABLE reports;
-- A restrictive policy that depends on a temporary function is dropped with it: it covers nothing.
CREATE FUNCTION pg_temp.session_org() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT current_org() $$;
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON reports FOR SELECT USING (true);
CREATE POLICY this_session ON reports AS RESTRICTIVE USING (organization_id = pg_temp.session_org());
COMMIT;

-- Caller-dependent subqueries: a correlated EXISTS with a condition on the caller, and a
-- membership list.
BEGIN;
CREATE TABLE projects (id bigint, organization_id uuid);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_of_org ON projects
    USING (EXISTS (SELECT 1 FROM memberships m
                    WHERE m.organization_id = projects.organization_id
                      AND m.user_name = current_user));
CREATE POLICY in_my_orgs ON projects FOR SELECT
    USING (organization_id IN (SELECT m.organization_id FROM memberships m WHERE m.user_name = current_user));
COMMIT;
-- An EXISTS that is not correlated with the row: refused.
BEGIN;
CREATE TABLE tasks (id bigint, organization_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY any_member ON tasks
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = current_org()));
COMMIT;
-- A subquery that binds another column than the tenant column: refused.
BEGIN;
CREATE TABLE tasks (id bigint, organization_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY nested ON tasks
    USING (id IN (SELECT t.id FROM (SELECT 1 AS id FROM memberships m
                                     WHERE m.organization_id = tasks.organization_id) t));
COMMIT;

-- An identity column (tenant_guard.identity_columns, user_id by default) confines too, and so
-- does a trusted helper called with the tenant column.
BEGIN;
CREATE TABLE notes (id bigint, organization_id uuid, user_id text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes USING (user_id = current_user);
COMMIT;
BEGIN;
CREATE TABLE boards (id bigint, organization_id uuid);
ALTER TABLE boards ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_helper ON boards USING (has_org(organization_id));
COMMIT;
-- An `=` that is not pg_catalog's is no equality.
CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = uuid_ne);
BEGIN;
CREATE TABLE cards (id bigint, organization_id uuid);
ALTER TABLE cards ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_equal ON cards USING (organization_id OPERATOR(public.=) current_org());
COMMIT;
DROP OPERATOR public.= (uuid, uuid);

-- Roles: a policy for a role that bypasses row level security is the admin path, not an
-- exposure; for a role whose privileges an ordinary role inherits, it is an exposure.
BEGIN;
CREATE TABLE invoices (id bigint, organization_id uuid);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices USING (organization_id = current_org());
CREATE POLICY platform ON invoices TO platform_admin USING (true);
COMMIT;
GRANT platform_admin TO app_user;
BEGIN;
CREATE TABLE ledgers (id bigint, organization_id uuid);
ALTER TABLE ledgers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ledgers USING (organization_id = current_org());
CREATE POLICY platform ON ledgers TO platform_admin USING (true);
COMMIT;
REVOKE platform_admin FROM app_user;

-- ALTER POLICY opening a policy up.
ALTER POLICY tenant_only ON files USING (true);
ALTER POLICY docs_insert ON documents WITH CHECK (true);
ALTER POLICY docs_update ON documents USING (owner = current_user);
-- ALTER POLICY narrowing it again is fine, and renaming a policy is checked and fine.
ALTER POLICY docs_select ON documents USING (organization_id = current_org() AND owner = current_user);
ALTER POLICY docs_select ON documents RENAME TO docs_read;
-- ALTER POLICY ... TO a role: the policy still applies to a role subject to row level security.
ALTER POLICY docs_read ON documents TO app_user;

-- DROP POLICY leaving a command denied: a warning.
DROP POLICY docs_delete ON documents;
-- DROP POLICY with a replacement in the same transaction.
BEGIN;
CREATE POLICY docs_delete_own ON documents FOR DELETE
    USING (organization_id = current_org() AND owner = current_user);
COMMIT;
-- DROP POLICY of a table that is then dropped.
BEGIN;
DROP POLICY member_of_org ON projects;
DROP TABLE projects;
COMMIT;

-- Hints use the column's type, and reuse the binding the schema's policies already use.
BEGIN;
CREATE TABLE counters (id bigint, organization_id integer);
ALTER TABLE counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON counters USING (true);
COMMIT;

SELECT "table", rule, command, policy FROM tenant_guard.audit() ORDER BY 1, 2, 3, 4;

-- The same leaks, made with the guard off: audit() finds every one.
SET tenant_guard.mode = off;
CREATE TABLE probe_true (organization_id uuid);
CREATE POLICY p ON probe_true USING (true);
CREATE TABLE probe_not_null (organization_id uuid);
CREATE POLICY p ON probe_not_null USING (organization_id IS NOT NULL);
CREATE TABLE probe_self (organization_id uuid);
CREATE POLICY p ON probe_self USING (organization_id = organization_id);
CREATE TABLE probe_or_true (organization_id uuid);
CREATE POLICY p ON probe_or_true USING (organization_id = current_org() OR true);
CREATE TABLE probe_fail_open (organization_id uuid);
CREATE POLICY p ON probe_fail_open USING (current_setting('app.organization_id', true) IS NULL
                                          OR organization_id = current_setting('app.organization_id', true)::uuid);
CREATE TABLE probe_like (organization_id uuid);
CREATE POLICY p ON probe_like USING (organization_id::text LIKE '%');
CREATE TABLE probe_literal (organization_id uuid);
CREATE POLICY p ON probe_literal USING (organization_id = 'c0ffee00-0000-4000-8000-000000000000');
CREATE TABLE probe_with_check (organization_id uuid);
CREATE POLICY p ON probe_with_check USING (organization_id = current_org()) WITH CHECK (organization_id IS NOT NULL);
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT relname FROM pg_class WHERE relname LIKE 'probe\_%' AND relkind = 'r' LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
END $$;
CREATE VIEW probe_view AS SELECT * FROM documents;
RESET tenant_guard.mode;
SELECT "table", rule, string_agg(command, ',' ORDER BY command) AS commands
  FROM tenant_guard.audit() WHERE "table" LIKE 'public.probe\_%' GROUP BY 1, 2 ORDER BY 1, 2;
DROP VIEW probe_view;
DROP TABLE probe_true, probe_not_null, probe_self, probe_or_true, probe_fail_open, probe_like,
    probe_literal, probe_with_check;

DROP TABLE documents, files, memberships, notes, boards, invoices;
SELECT count(*) AS leftovers FROM tenant_guard.audit();
DROP FUNCTION current_org(), has_org(uuid);
DROP ROLE app_user, platform_admin;

-- security-definer-search-path: audit() lists SECURITY DEFINER functions that resolve names
-- through their caller's search_path (the extension's own all pin it).
CREATE FUNCTION public.unpinned_definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION public.pinned_definer() RETURNS int LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS 'SELECT 1';
CREATE FUNCTION public.invoker() RETURNS int LANGUAGE sql AS 'SELECT 1';
SELECT "table", rule, message FROM tenant_guard.audit() WHERE rule = 'security-definer-search-path';
DROP FUNCTION public.unpinned_definer(), public.pinned_definer(), public.invoker();
