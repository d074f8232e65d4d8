-- The guard's settings and escape hatches: modes, tenant columns, exempt schemas, exemptions.
SET client_min_messages = warning;  -- whichever file runs first creates the extension
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;

-- warn: the same text as a WARNING, and the commit goes through.
SET tenant_guard.mode = warn;
CREATE TABLE warned (id bigint, organization_id uuid);
SELECT to_regclass('warned') IS NOT NULL AS committed;
-- off: no check at all.
SET tenant_guard.mode = off;
CREATE TABLE unchecked (id bigint, organization_id uuid);
SELECT to_regclass('unchecked') IS NOT NULL AS committed;
-- SET LOCAL: off for one transaction only.
SET tenant_guard.mode = enforce;
BEGIN;
SET LOCAL tenant_guard.mode = off;
CREATE TABLE unchecked_local (organization_id uuid);
COMMIT;
SHOW tenant_guard.mode;
-- The mode at commit decides: switching back to enforce before COMMIT checks the transaction.
BEGIN;
SET LOCAL tenant_guard.mode = off;
CREATE TABLE switched_back (organization_id uuid);
SET LOCAL tenant_guard.mode = enforce;
COMMIT;
SET tenant_guard.mode = bogus;
RESET tenant_guard.mode;

-- Tables created while the guard was off are found by audit().
SELECT * FROM tenant_guard.audit();

-- tenant_guard.tenant_columns: other or more tenant columns.
SET tenant_guard.tenant_columns = 'tenant_id, organization_id';
CREATE TABLE by_tenant (id bigint, tenant_id uuid);
BEGIN;
CREATE TABLE by_tenant (id bigint, tenant_id uuid, organization_id uuid);
ALTER TABLE by_tenant ENABLE ROW LEVEL SECURITY;
-- The first configured column that the table has is its tenant column: tenant_id here.
CREATE POLICY org_only ON by_tenant USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
BEGIN;
CREATE TABLE by_tenant (id bigint, tenant_id uuid);
ALTER TABLE by_tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_only ON by_tenant USING (tenant_id = current_setting('app.organization_id')::uuid);
COMMIT;
-- Quoted names keep their case.
SET tenant_guard.tenant_columns = '"TenantId"';
SHOW tenant_guard.tenant_columns;
CREATE TABLE quoted_tenant ("TenantId" uuid);
CREATE TABLE folded_tenant (TenantId uuid);
SET tenant_guard.tenant_columns = '';
SET tenant_guard.tenant_columns = '"unterminated';
RESET tenant_guard.tenant_columns;
DROP TABLE by_tenant, folded_tenant;

-- tenant_guard.exempt_schemas.
CREATE SCHEMA scratch;
SET tenant_guard.exempt_schemas = 'scratch, "Other"';
CREATE TABLE scratch.anything (organization_id uuid);
RESET tenant_guard.exempt_schemas;
SELECT * FROM tenant_guard.audit() WHERE "table" LIKE 'scratch.%';
-- The built-in exempt schemas: the extension's own.
CREATE TABLE tenant_guard.not_allowed_but_exempt (organization_id uuid);
DROP TABLE tenant_guard.not_allowed_but_exempt;
DROP SCHEMA scratch CASCADE;

-- Exemptions: a reason is required, and recorded with role and time.
SELECT tenant_guard.exempt('warned', NULL);
SELECT tenant_guard.exempt('warned', '   ');
SELECT tenant_guard.exempt(NULL, 'why not');
CREATE VIEW a_view AS SELECT 1 AS organization_id;
SELECT tenant_guard.exempt('a_view', 'a view');
DROP VIEW a_view;
SELECT tenant_guard.exempt('warned', 'shared reference data, read by every organisation');
SELECT "table", schema_name, table_name, reason, exempted_by,
       exempted_at BETWEEN now() - interval '1 hour' AND now() AS recently
  FROM tenant_guard.exempted_tables;
-- Exempting again replaces the reason.
SELECT tenant_guard.exempt('warned', 'reference data');
SELECT "table", reason FROM tenant_guard.exempted_tables;
-- An exempted table is not checked, and audit() leaves it out.
ALTER TABLE warned ADD COLUMN note text;
SELECT count(*) FROM tenant_guard.audit() WHERE "table" = 'public.warned';
-- Ending an exemption is checked at commit like DDL: the table is not isolated, so the
-- transaction fails and the exemption stays. With the isolation in the same transaction, it
-- commits; from then on the table is checked like any other.
SELECT tenant_guard.unexempt('warned');
SELECT count(*) AS still_exempt FROM tenant_guard.exempted_tables WHERE table_name = 'warned';
BEGIN;
SELECT tenant_guard.unexempt('warned');
ALTER TABLE warned ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON warned
    USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
SELECT tenant_guard.unexempt('warned');
ALTER TABLE warned ADD COLUMN note2 text;
ALTER TABLE warned DISABLE ROW LEVEL SECURITY;
-- pg_dump keeps the exemptions: the table is an extension configuration table.
SELECT 'tenant_guard.exemptions'::regclass = ANY (extconfig) AS dumped
  FROM pg_extension WHERE extname = 'tenant_guard';
-- A dropped table takes its exemption with it.
SELECT tenant_guard.exempt('warned', 'reference data');
DROP TABLE warned;
SELECT count(*) AS exemptions FROM tenant_guard.exemptions;
-- Even in the same transaction as its exemption.
BEGIN;
CREATE TABLE short_lived (organization_id uuid);
SELECT tenant_guard.exempt('short_lived', 'lives for one transaction');
DROP TABLE short_lived;
COMMIT;
SELECT count(*) AS exemptions FROM tenant_guard.exemptions;
-- Exempt in the same transaction that creates the table: the commit check sees the exemption.
BEGIN;
CREATE TABLE lookup_codes (organization_id uuid, code text);
SELECT tenant_guard.exempt('lookup_codes', 'codes shared by every organisation');
COMMIT;
SELECT table_name, reason FROM tenant_guard.exempted_tables;
DROP TABLE lookup_codes, unchecked, unchecked_local;
SELECT count(*) AS leftovers FROM tenant_guard.audit();
