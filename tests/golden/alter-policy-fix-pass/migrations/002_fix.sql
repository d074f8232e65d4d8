ALTER POLICY notes_all ON notes USING (organization_id = current_setting('app.organization_id')::uuid);
ALTER POLICY notes_all ON notes RENAME TO notes_isolation;
