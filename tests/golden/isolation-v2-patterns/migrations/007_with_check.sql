CREATE TABLE leak_with_check (id bigint, organization_id uuid);
ALTER TABLE leak_with_check ENABLE ROW LEVEL SECURITY;
CREATE POLICY write_anywhere ON leak_with_check
    USING (organization_id = current_setting('app.organization_id', true)::uuid)
    WITH CHECK (organization_id IS NOT NULL);
