CREATE SCHEMA scratch;
CREATE TABLE scratch.items (id bigint, organization_id uuid);
CREATE TABLE parent (id bigint, organization_id uuid) PARTITION BY LIST (id);
CREATE TABLE parent_1 PARTITION OF parent FOR VALUES IN (1);
DROP SCHEMA scratch CASCADE;
DROP TABLE parent;
CREATE TABLE kept (id bigint, organization_id uuid);
ALTER TABLE kept ENABLE ROW LEVEL SECURITY;
CREATE POLICY kept_isolation ON kept
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
