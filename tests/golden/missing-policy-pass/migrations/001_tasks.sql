CREATE TABLE tasks (id bigint, organization_id uuid NOT NULL, title text);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks_read ON tasks FOR SELECT USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY tasks_insert ON tasks FOR INSERT WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY tasks_update ON tasks FOR UPDATE USING (organization_id = current_setting('app.organization_id')::uuid) WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY tasks_delete ON tasks FOR DELETE USING (organization_id = current_setting('app.organization_id')::uuid);
