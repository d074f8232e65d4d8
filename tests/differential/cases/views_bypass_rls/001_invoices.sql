CREATE TABLE invoices (id bigint, organization_id uuid, total numeric);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE VIEW my_invoices WITH (security_invoker = true) AS SELECT * FROM invoices;
