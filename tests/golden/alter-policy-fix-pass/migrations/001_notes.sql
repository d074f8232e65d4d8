-- A policy created open and fixed by ALTER POLICY in the same migration (one transaction).
CREATE TABLE notes (id bigint, organization_id uuid);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_all ON notes USING (true);
ALTER POLICY notes_all ON notes USING (organization_id = current_setting('app.organization_id')::uuid);
ALTER POLICY notes_all ON notes RENAME TO notes_isolation;
