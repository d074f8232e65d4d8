CREATE TABLE memberships (user_id uuid, organization_id uuid);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_isolation ON memberships
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE documents (id bigint, organization_id uuid);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_members ON documents USING (
    organization_id IN (SELECT m.organization_id FROM memberships m WHERE m.user_id = current_setting('app.user_id')::uuid));
CREATE POLICY documents_qualified ON documents FOR UPDATE USING (
    EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = documents.organization_id
                                     AND m.user_id = current_setting('app.user_id')::uuid));
