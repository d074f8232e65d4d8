CREATE TABLE accounts (id bigint, organization_id uuid);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON accounts TO tg_differential_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON accounts TO tg_differential_service USING (true);
