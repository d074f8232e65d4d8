CREATE TABLE a (id bigint);
CREATE TABLE b (id bigint, organization_id uuid);
ALTER TABLE b ENABLE ROW LEVEL SECURITY;
CREATE POLICY b_isolation ON b USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE c (id bigint, org uuid);
