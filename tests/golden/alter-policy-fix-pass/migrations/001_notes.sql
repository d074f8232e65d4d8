CREATE TABLE notes (id bigint, organization_id uuid);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_all ON notes USING (true);
