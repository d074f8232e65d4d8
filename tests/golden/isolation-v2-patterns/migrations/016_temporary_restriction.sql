CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_read ON reports FOR SELECT USING (true);
CREATE POLICY this_session ON reports AS RESTRICTIVE FOR SELECT USING (organization_id = pg_temp.session_org());
