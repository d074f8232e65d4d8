CREATE TABLE catalogue (id bigint, name text);
ALTER TABLE catalogue ENABLE ROW LEVEL SECURITY;
CREATE TABLE tenant_catalogue (organization_id uuid) INHERITS (catalogue);
ALTER TABLE tenant_catalogue ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_catalogue
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
