CREATE TABLE tasks (id bigint, organization_id uuid NOT NULL, title text);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tasks_read ON tasks FOR SELECT USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY tasks_write ON tasks FOR INSERT WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
