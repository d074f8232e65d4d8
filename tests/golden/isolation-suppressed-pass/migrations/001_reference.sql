-- Isolation findings are suppressed above the statement they are placed at.
-- tenant-guard: ignore tenant-table-without-rls,tenant-table-missing-policy reference data read by every organisation; writes go through the admin role
CREATE TABLE country_rates (
    code char(2) PRIMARY KEY,
    organization_id uuid,
    rate numeric
);

CREATE TABLE reports (id bigint, organization_id uuid);
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
/* Shared dashboards are public by design. */
-- tenant-guard: ignore policy-not-tenant-scoped published reports are public by product decision
CREATE POLICY reports_public ON reports FOR ALL USING (true);
