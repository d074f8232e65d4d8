-- PostgreSQL 17's SQL/JSON query functions in a policy: JSON_EXISTS beside the tenant
-- predicate leaves the policy scoped to the organisation.
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
    USING (organization_id = current_setting('app.current_org')::uuid);
