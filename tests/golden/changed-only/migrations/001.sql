CREATE TABLE old_problem (id bigint, organization_id uuid);
CREATE TABLE shared (id bigint, organization_id uuid);
ALTER TABLE shared ENABLE ROW LEVEL SECURITY;
CREATE POLICY shared_isolation ON shared
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
