CREATE TABLE base_columns (organization_id uuid, created_at timestamptz);
ALTER TABLE base_columns ENABLE ROW LEVEL SECURITY;
CREATE POLICY base_columns_isolation ON base_columns
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE copied (id bigint, LIKE base_columns INCLUDING ALL);
CREATE TABLE child (extra text) INHERITS (base_columns);
CREATE TABLE measurements (id bigint, organization_id uuid, at date) PARTITION BY RANGE (at);
ALTER TABLE measurements ENABLE ROW LEVEL SECURITY;
CREATE POLICY measurements_isolation ON measurements
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
-- Each partition is governed by its own policies.
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
