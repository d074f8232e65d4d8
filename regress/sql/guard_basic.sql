-- The guard: what a tenant table is, and the one-transaction rule.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
SHOW tenant_guard.mode;
SHOW tenant_guard.tenant_columns;
SHOW tenant_guard.exempt_schemas;
SELECT evtname, evtevent, evtenabled FROM pg_event_trigger
 WHERE evtname LIKE 'tenant_guard%' ORDER BY evtname;

-- A lone autocommit CREATE TABLE of a tenant table is refused: nothing can follow it.
CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id uuid NOT NULL, total numeric);
SELECT to_regclass('invoices') IS NULL AS refused;

-- Table, row level security and policies in one transaction: accepted.
BEGIN;
CREATE TABLE invoices (id bigint PRIMARY KEY, organization_id uuid NOT NULL, total numeric);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
SELECT to_regclass('invoices') IS NOT NULL AS accepted;

-- The same in one multi-statement query string (one implicit transaction): accepted.
CREATE TABLE credit_notes (id bigint, organization_id uuid) \; ALTER TABLE credit_notes ENABLE ROW LEVEL SECURITY \; CREATE POLICY tenant_isolation ON credit_notes USING (organization_id = current_setting('app.organization_id')::uuid);

-- Row level security without policies: every command is denied, which isolates the table;
-- a warning names the commands, and the transaction commits.
BEGIN;
CREATE TABLE payments (id bigint, organization_id uuid);
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
COMMIT;
DROP TABLE payments;

-- Policies without row level security.
BEGIN;
CREATE TABLE payments (id bigint, organization_id uuid);
CREATE POLICY tenant_isolation ON payments
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- Not tenant tables: no tenant column, temporary tables.
CREATE TABLE currencies (code text PRIMARY KEY, name text);
CREATE TEMP TABLE import_buffer (organization_id uuid, payload jsonb);
ALTER TABLE import_buffer ADD COLUMN note text;
CREATE TEMP TABLE import_copy AS SELECT * FROM import_buffer;
DROP TABLE import_copy, import_buffer, currencies;

-- A view reads with its owner's rights, a materialized view holds every organisation's rows:
-- refused. A view with security_invoker reads with the caller's: accepted.
CREATE VIEW invoice_totals AS SELECT organization_id, sum(total) AS total FROM invoices GROUP BY 1;
CREATE MATERIALIZED VIEW invoice_summary AS SELECT organization_id, count(*) FROM invoices GROUP BY 1;
CREATE VIEW invoice_totals WITH (security_invoker = true) AS
    SELECT organization_id, sum(total) AS total FROM invoices GROUP BY 1;
-- Through another view, and CREATE OR REPLACE without the option, which resets it.
CREATE VIEW big_invoices AS SELECT * FROM invoice_totals WHERE total > 1000;
CREATE OR REPLACE VIEW invoice_totals AS
    SELECT organization_id, sum(total) AS total FROM invoices GROUP BY 1;
ALTER VIEW invoice_totals SET (security_invoker = false);
-- A temporary view dies with its session, and reads with its creator's rights anyway.
CREATE TEMP VIEW my_invoices AS SELECT * FROM invoices;
SELECT relname FROM pg_class WHERE relname IN ('invoice_totals', 'invoice_summary', 'big_invoices', 'my_invoices') ORDER BY 1;
DROP VIEW invoice_totals, my_invoices;

-- A table created and dropped in the same transaction: nothing left to check.
BEGIN;
CREATE TABLE scratch (organization_id uuid);
DROP TABLE scratch;
COMMIT;

-- CREATE TABLE IF NOT EXISTS: a new table is checked; an existing one is left alone.
CREATE TABLE IF NOT EXISTS invoices (id bigint, organization_id uuid);
CREATE TABLE IF NOT EXISTS invoice_lines (id bigint, organization_id uuid);
BEGIN;
CREATE TABLE IF NOT EXISTS invoice_lines (id bigint, organization_id uuid);
ALTER TABLE invoice_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoice_lines
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;

-- DDL that touches no table costs nothing and is never refused.
CREATE FUNCTION guard_noop() RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP FUNCTION guard_noop();

-- Two tables wrong in one transaction: one error naming both, in schema and name order.
BEGIN;
CREATE TABLE zebra (organization_id uuid);
CREATE TABLE aardvark (organization_id uuid);
ALTER TABLE aardvark ENABLE ROW LEVEL SECURITY;
COMMIT;

-- PREPARE TRANSACTION is checked like COMMIT.
BEGIN;
CREATE TABLE prepared_one (organization_id uuid);
PREPARE TRANSACTION 'guard_prepared';
SELECT count(*) AS prepared FROM pg_prepared_xacts WHERE gid = 'guard_prepared';

-- Identifier case folding and quoting.
BEGIN;
CREATE TABLE "Mixed Case" ("organization_id" uuid, "Label" text);
ALTER TABLE "Mixed Case" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Tenant Policy" ON "Mixed Case" USING (true);
COMMIT;
BEGIN;
CREATE TABLE UPPER_CASE (ORGANIZATION_ID uuid);
ALTER TABLE upper_case ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON Upper_Case USING (Organization_Id = current_setting('app.organization_id')::uuid);
COMMIT;
-- A quoted column that does not fold to organization_id is not the tenant column.
CREATE TABLE not_tenant ("Organization_Id" uuid);
-- A keyword as a table name is quoted in the messages and hints.
CREATE TABLE "order" (organization_id uuid);

-- Schemas and search_path.
CREATE SCHEMA billing;
SET search_path = billing, public;
CREATE TABLE subscriptions (organization_id uuid);
BEGIN;
CREATE TABLE subscriptions (organization_id uuid);
ALTER TABLE billing.subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON subscriptions
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
RESET search_path;
SELECT count(*) FROM tenant_guard.audit() WHERE "table" LIKE 'billing.%';

SELECT * FROM tenant_guard.audit();

DROP SCHEMA billing CASCADE;
DROP TABLE invoices, credit_notes, invoice_lines, upper_case, not_tenant;
