-- ATTACH PARTITION, INHERIT, ADD COLUMN reaching partitions, schema rename, foreign tables.
CREATE TABLE metrics (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE metrics_2024 (id bigint, at date);
ALTER TABLE metrics ATTACH PARTITION metrics_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- The parent gains the tenant column, and so does its partition.
ALTER TABLE metrics ADD COLUMN organization_id uuid;
ALTER TABLE metrics ENABLE ROW LEVEL SECURITY;
CREATE POLICY metrics_isolation ON metrics USING (organization_id = current_setting('app.organization_id')::uuid);

CREATE TABLE base (organization_id uuid);
ALTER TABLE base ENABLE ROW LEVEL SECURITY;
CREATE POLICY base_isolation ON base USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE standalone (organization_id uuid, note text);
ALTER TABLE standalone INHERIT base;
ALTER TABLE standalone NO INHERIT base;

CREATE SCHEMA staging;
CREATE TABLE staging.loads (organization_id uuid);
ALTER SCHEMA staging RENAME TO archive;

CREATE FOREIGN TABLE remote_orders (organization_id uuid) SERVER remote;
