CREATE TABLE leak_like (id bigint, organization_id uuid);
ALTER TABLE leak_like ENABLE ROW LEVEL SECURITY;
CREATE POLICY like_all ON leak_like USING (organization_id::text LIKE '%');
