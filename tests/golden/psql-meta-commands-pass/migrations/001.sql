\set ON_ERROR_STOP on
\echo creating tables
BEGIN;
CREATE TABLE projects (id uuid, organization_id uuid);
\i other_file.sql
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_isolation ON projects
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
