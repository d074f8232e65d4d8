-- tenant_guard.audit() on a schema that predates the extension: every finding, old tables
-- included, one row a finding. Runs in a database of its own, created before the extension.
CREATE DATABASE regress_guard_audit;
\c regress_guard_audit
CREATE SCHEMA shop;
CREATE TABLE shop.customers (id bigint PRIMARY KEY, organization_id uuid NOT NULL, name text);
CREATE TABLE shop.orders (id bigint, organization_id uuid NOT NULL, customer_id bigint);
ALTER TABLE shop.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON shop.orders FOR SELECT
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY write_any ON shop.orders FOR INSERT WITH CHECK (true);
CREATE TABLE shop.invoices (id bigint, organization_id uuid, at date) PARTITION BY RANGE (at);
ALTER TABLE shop.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shop.invoices
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE shop.invoices_2026 PARTITION OF shop.invoices
    FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE shop.countries (code text PRIMARY KEY);
CREATE TABLE shop."Audit Log" (organization_id uuid, entry text);
ALTER TABLE shop."Audit Log" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Everything" ON shop."Audit Log" USING (true) WITH CHECK (true);
CREATE VIEW shop.customer_names AS SELECT organization_id, name FROM shop.customers;
CREATE UNLOGGED TABLE shop.sessions (organization_id uuid);

CREATE EXTENSION tenant_guard;
SELECT * FROM tenant_guard.audit();
-- By rule, and for a schema.
SELECT rule, count(*) FROM tenant_guard.audit() GROUP BY rule ORDER BY rule;
SELECT DISTINCT "table" FROM tenant_guard.audit() WHERE "table" LIKE 'shop.%' ORDER BY 1;
-- The settings change what audit() sees.
SET tenant_guard.exempt_schemas = shop;
SELECT count(*) FROM tenant_guard.audit();
RESET tenant_guard.exempt_schemas;
SELECT tenant_guard.exempt('shop.sessions', 'session rows carry no customer data');
SELECT count(*) FROM tenant_guard.audit() WHERE "table" = 'shop.sessions';
-- Fixing the old tables, one transaction each; audit() then finds nothing.
BEGIN;
ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shop.customers
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
BEGIN;
DROP POLICY write_any ON shop.orders;
CREATE POLICY tenant_isolation ON shop.orders
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
BEGIN;
ALTER TABLE shop.invoices_2026 ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shop.invoices_2026
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
ALTER POLICY "Everything" ON shop."Audit Log"
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
SELECT * FROM tenant_guard.audit();
\c contrib_regression
DROP DATABASE regress_guard_audit;
