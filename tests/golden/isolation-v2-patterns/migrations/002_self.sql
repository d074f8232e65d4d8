CREATE TABLE leak_self (id bigint, organization_id uuid);
ALTER TABLE leak_self ENABLE ROW LEVEL SECURITY;
CREATE POLICY itself ON leak_self USING (organization_id = organization_id);
