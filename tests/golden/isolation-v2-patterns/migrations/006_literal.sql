CREATE TABLE leak_literal (id bigint, organization_id uuid);
ALTER TABLE leak_literal ENABLE ROW LEVEL SECURITY;
CREATE POLICY one_org ON leak_literal USING (organization_id = 'c0ffee00-0000-4000-8000-000000000000'::uuid);
