CREATE TABLE notes (id bigint, organization_id uuid, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
-- WITH CHECK is scoped, USING is not: SELECT, UPDATE and DELETE are open.
CREATE POLICY notes_all ON notes USING (true) WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
