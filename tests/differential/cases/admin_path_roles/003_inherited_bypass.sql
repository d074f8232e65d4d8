GRANT tg_differential_service TO tg_differential_app;
CREATE TABLE ledgers (id bigint, organization_id uuid);
ALTER TABLE ledgers ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON ledgers TO tg_differential_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON ledgers TO tg_differential_service USING (true);
