-- The guard: which policies isolate a tenant table, command by command.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
CREATE FUNCTION current_org() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.organization_id')::uuid $$;
BEGIN;
CREATE TABLE memberships (organization_id uuid, user_name name);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON memberships USING (user_name = current_user AND organization_id = current_org());
COMMIT;

-- One policy per command, each scoped: accepted.
BEGIN;
CREATE TABLE documents (id bigint, organization_id uuid, owner name);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_select ON documents FOR SELECT USING (organization_id = current_org());
CREATE POLICY docs_insert ON documents FOR INSERT WITH CHECK (organization_id = current_org());
CREATE POLICY docs_update ON documents FOR UPDATE USING (organization_id = current_org())
    WITH CHECK (organization_id = current_org());
CREATE POLICY docs_delete ON documents FOR DELETE USING (organization_id = current_org());
COMMIT;

-- A command with no policy at all.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY files_select ON files FOR SELECT USING (organization_id = current_org());
CREATE POLICY files_insert ON files FOR INSERT WITH CHECK (organization_id = current_org());
COMMIT;

-- USING (true).
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON files USING (true);
COMMIT;

-- FOR ALL USING (true) WITH CHECK (organization_id = ...): INSERT is scoped, nothing else.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY write_scoped ON files USING (true) WITH CHECK (organization_id = current_org());
COMMIT;

-- FOR ALL USING (organization_id = ...) WITH CHECK (true): rows can be written to any tenant.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_scoped ON files USING (organization_id = current_org()) WITH CHECK (true);
COMMIT;

-- An extra permissive policy ORs its way past a scoped one.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON files USING (organization_id = current_org());
CREATE POLICY admins_read_all ON files FOR SELECT USING (current_user = 'admin');
COMMIT;

-- ... unless a restrictive policy scopes the command anyway.
BEGIN;
CREATE TABLE files (id bigint, organization_id uuid);
ALTER TABLE files ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON files USING (true);
CREATE POLICY tenant_only ON files AS RESTRICTIVE USING (organization_id = current_org());
COMMIT;

-- A restrictive policy for SELECT only leaves the other commands open.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON reports USING (true);
CREATE POLICY tenant_select ON reports AS RESTRICTIVE FOR SELECT USING (organization_id = current_org());
COMMIT;

-- A restrictive policy that is not scoped helps nothing.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON reports USING (true);
CREATE POLICY business_hours ON reports AS RESTRICTIVE USING (extract(hour FROM now()) BETWEEN 8 AND 18);
COMMIT;

-- Restrictive policies alone grant nothing: every command lacks a permissive policy.
BEGIN;
CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_only ON reports AS RESTRICTIVE USING (organization_id = current_org());
COMMIT;

-- A policy whose subquery is what references the tenant column: scoped.
BEGIN;
CREATE TABLE projects (id bigint, organization_id uuid);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_of_org ON projects
    USING (EXISTS (SELECT 1 FROM memberships m
                    WHERE m.organization_id = projects.organization_id
                      AND m.user_name = current_user));
COMMIT;

-- A subquery that only mentions some other table's organization_id: not scoped.
BEGIN;
CREATE TABLE tasks (id bigint, organization_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY any_member ON tasks
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = current_org()));
COMMIT;

-- Deeper: the tenant column referenced two subqueries down, unqualified and qualified.
BEGIN;
CREATE TABLE tasks (id bigint, organization_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY nested ON tasks
    USING (id IN (SELECT t.id FROM (SELECT tasks.id FROM memberships m
                                     WHERE m.organization_id = organization_id) t));
COMMIT;
SELECT to_regclass('tasks') IS NULL AS refused_because_unqualified_means_memberships;
BEGIN;
CREATE TABLE tasks (id bigint, organization_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY nested ON tasks
    USING (id IN (SELECT t.id FROM (SELECT 1 AS id FROM memberships m
                                     WHERE m.organization_id = tasks.organization_id) t));
COMMIT;

-- ALTER POLICY opening a policy up.
ALTER POLICY tenant_only ON files USING (true);
ALTER POLICY docs_insert ON documents WITH CHECK (true);
ALTER POLICY docs_update ON documents USING (owner = current_user);
-- ALTER POLICY narrowing it again is fine, and renaming a policy is checked and fine.
ALTER POLICY docs_select ON documents USING (organization_id = current_org() AND owner = current_user);
ALTER POLICY docs_select ON documents RENAME TO docs_read;
-- ALTER POLICY ... TO some role: the policy no longer applies to everyone; the rule does not
-- look at roles, so this is accepted as long as the expressions are scoped.
ALTER POLICY docs_read ON documents TO postgres;

-- DROP POLICY leaving a command uncovered.
DROP POLICY docs_delete ON documents;
-- DROP POLICY with a replacement in the same transaction.
BEGIN;
DROP POLICY docs_delete ON documents;
CREATE POLICY docs_delete_own ON documents FOR DELETE
    USING (organization_id = current_org() AND owner = current_user);
COMMIT;
-- DROP POLICY of a table that is then dropped.
BEGIN;
DROP POLICY member_of_org ON projects;
DROP TABLE projects;
COMMIT;

SELECT * FROM tenant_guard.audit();
DROP TABLE documents, files, tasks, memberships;
SELECT count(*) AS leftovers FROM tenant_guard.audit();
DROP FUNCTION current_org();
