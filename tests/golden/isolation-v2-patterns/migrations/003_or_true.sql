CREATE TABLE leak_or_true (id bigint, organization_id uuid);
ALTER TABLE leak_or_true ENABLE ROW LEVEL SECURITY;
CREATE POLICY or_true ON leak_or_true
    USING (organization_id = current_setting('app.organization_id')::uuid OR true);
