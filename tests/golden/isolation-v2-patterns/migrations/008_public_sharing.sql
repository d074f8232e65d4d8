CREATE TABLE shared_notes (id bigint, organization_id uuid, sharing text);
ALTER TABLE shared_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON shared_notes
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY public_read ON shared_notes FOR SELECT USING (sharing <> 'private');
