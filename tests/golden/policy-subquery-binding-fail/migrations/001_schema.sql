CREATE TABLE memberships (user_id uuid, organization_id uuid);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_isolation ON memberships
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE documents (id bigint, organization_id uuid);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
-- The bare organization_id binds to memberships inside the subquery, as in PostgreSQL.
CREATE POLICY documents_members ON documents USING (
    EXISTS (SELECT 1 FROM memberships m
            WHERE m.user_id = current_setting('app.user_id')::uuid AND organization_id = m.organization_id));
