CREATE TABLE invoices (id bigint, organization_id uuid, amount numeric);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY invoices_by_role ON invoices USING (current_user = 'app');
-- A restrictive tenant-scoped policy makes every command safe.
CREATE POLICY invoices_tenant ON invoices AS RESTRICTIVE USING (organization_id = current_setting('app.organization_id')::uuid);
