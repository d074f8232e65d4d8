CREATE POLICY readers ON r_create_policy FOR SELECT TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
