-- The baseline's tables are the starting state; only what the migrations do is reported.
DROP POLICY customers_isolation ON customers;
CREATE POLICY customers_read ON customers FOR SELECT USING (organization_id = current_setting('app.organization_id')::uuid);
