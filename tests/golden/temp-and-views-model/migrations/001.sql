CREATE TEMPORARY TABLE staging (id bigint, organization_id uuid);
CREATE TABLE pg_temp.staging2 (id bigint, organization_id uuid);
CREATE VIEW org_summary AS SELECT 1 AS organization_id;
CREATE TABLE real_table (id bigint, organization_id uuid);
SELECT tenant_guard.exempt('public.real_table', 'reference data shared by every organisation');
CREATE TABLE information_schema_like (id bigint);
