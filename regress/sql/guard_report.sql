-- tenant_guard.report(): the isolation matrix of the database, with exemptions and org-key
-- states, in Markdown and HTML. Runs in a database of its own, with tables that predate the
-- extension, so that every kind of cell appears.
CREATE DATABASE regress_guard_report;
\c regress_guard_report
CREATE TABLE isolated (id bigint, organization_id uuid NOT NULL);
ALTER TABLE isolated ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON isolated
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE no_rls (organization_id uuid);
CREATE TABLE half_done (organization_id uuid);
ALTER TABLE half_done ENABLE ROW LEVEL SECURITY;
CREATE POLICY reads ON half_done FOR SELECT
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY "Writes" ON half_done FOR INSERT WITH CHECK (true);
CREATE TABLE guarded_by_restrictive (organization_id uuid);
ALTER TABLE guarded_by_restrictive ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_door ON guarded_by_restrictive USING (true);
CREATE POLICY tenant_only ON guarded_by_restrictive AS RESTRICTIVE
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE TABLE "rates|2026" (organization_id uuid);
CREATE TABLE not_a_tenant_table (id bigint);
CREATE EXTENSION tenant_guard;
SELECT tenant_guard.exempt('"rates|2026"', 'reference data <shared> by all orgs');

-- Org keys in all three states: two orgs, one rotated, one shredded.
SELECT length(tenant_guard.seal('2a2a2a2a-0000-4000-8000-00000000002a', 'x')) > 0 AS sealed;
SELECT length(tenant_guard.seal('2b2b2b2b-0000-4000-8000-00000000002b', 'x')) > 0 AS sealed;
SELECT tenant_guard.rotate_org_key('2a2a2a2a-0000-4000-8000-00000000002a') AS rotated_to;
SELECT tenant_guard.shred_org('2b2b2b2b-0000-4000-8000-00000000002b') AS shredded;

-- The generated line and the exemption's time change from run to run.
CREATE FUNCTION stable_report(format text) RETURNS text LANGUAGE sql AS $$
    SELECT regexp_replace(regexp_replace(tenant_guard.report(format),
        'Generated: [^\n·<]*', 'Generated: (now)'),
        '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC', '(time)', 'g')
$$;
\pset format unaligned
\pset tuples_only on
SELECT stable_report('markdown');
SELECT tenant_guard.report() = tenant_guard.report('markdown') AS markdown_is_the_default;
-- The HTML page: a cell per table and command, each with its state.
SELECT m[1] AS state, count(*)
  FROM regexp_matches(stable_report('html'), 'data-state="([a-z-]+)"', 'g') AS m GROUP BY 1 ORDER BY 1;
SELECT stable_report('html') LIKE '%reference data &lt;shared&gt; by all orgs%' AS reason_escaped,
       stable_report('html') NOT LIKE '%<shared>%' AS nothing_raw;
\pset tuples_only off
\pset format aligned

-- Errors and privileges.
SELECT tenant_guard.report('pdf');
SELECT tenant_guard.report(NULL) IS NULL AS null_in_null_out;
CREATE ROLE regress_report_reader;
SET ROLE regress_report_reader;
SELECT tenant_guard.report();
RESET ROLE;
DROP ROLE regress_report_reader;
\c contrib_regression
DROP DATABASE regress_guard_report;
