CREATE TABLE source (id bigint, organization_id uuid, name text);
ALTER TABLE source ENABLE ROW LEVEL SECURITY;
CREATE POLICY source_isolation ON source
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE copy_all AS SELECT * FROM source;
CREATE TABLE copy_some AS SELECT s.id, s.name FROM source s;
SELECT id, organization_id INTO copy_into FROM source;
CREATE TABLE renamed_columns (a, b) AS SELECT id, organization_id FROM source;
CREATE MATERIALIZED VIEW summary AS SELECT organization_id, count(*) FROM source GROUP BY 1;
CREATE TEMPORARY TABLE scratch AS SELECT * FROM source;
