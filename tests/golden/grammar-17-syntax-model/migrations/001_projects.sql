-- PostgreSQL 17's SQL/JSON query functions in policies. JSON_EXISTS beside the tenant
-- predicate leaves the policy scoped to the organisation; JSON_VALUE of a caller's setting is
-- a value that depends on the caller; a JSON condition alone confines nothing.
CREATE TABLE projects (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}'
);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_visible ON projects
    USING (organization_id = current_setting('app.current_org')::uuid
           AND NOT JSON_EXISTS(settings, '$.archived ? (@ == true)'));

CREATE TABLE project_tags (
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    tag text NOT NULL
);
ALTER TABLE project_tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_tags_isolation ON project_tags
    USING (organization_id = JSON_VALUE(current_setting('request.jwt.claims')::jsonb, '$.org_id' RETURNING uuid));
CREATE POLICY project_tags_public ON project_tags FOR SELECT
    USING (JSON_VALUE(JSON_OBJECT('tag': tag), '$.tag') LIKE 'public-%');
