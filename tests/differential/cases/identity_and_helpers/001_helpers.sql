CREATE SCHEMA app;
CREATE FUNCTION app.has_org(org uuid) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT org = current_setting('app.organization_id', true)::uuid $$;
CREATE TABLE notes (id bigint, organization_id uuid, user_id text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes USING (user_id = current_user);
CREATE TABLE boards (id bigint, organization_id uuid);
ALTER TABLE boards ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_helper ON boards USING (app.has_org(organization_id));
CREATE TABLE memberships (organization_id uuid, user_name name);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON memberships USING (user_name = current_user AND app.has_org(organization_id));
CREATE TABLE projects (id bigint, organization_id uuid);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_of_org ON projects
    USING (EXISTS (SELECT 1 FROM memberships m
                    WHERE m.organization_id = projects.organization_id AND m.user_name = current_user));
CREATE POLICY in_my_orgs ON projects FOR SELECT
    USING (organization_id IN (SELECT m.organization_id FROM memberships m WHERE m.user_name = current_user));
