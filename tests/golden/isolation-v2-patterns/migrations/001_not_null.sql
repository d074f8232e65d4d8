BEGIN;
CREATE TABLE leak_not_null (id bigint, organization_id uuid);
ALTER TABLE leak_not_null ENABLE ROW LEVEL SECURITY;
CREATE POLICY any_org ON leak_not_null USING (organization_id IS NOT NULL);
COMMIT;
