CREATE TABLE counters (id bigint, organization_id integer);
ALTER TABLE counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON counters USING (true);
