CREATE POLICY t_isolation ON t USING (organization_id = current_setting('app.organization_id')::uuid);
