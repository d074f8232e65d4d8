CREATE TABLE items (id bigint, name text);
CREATE TABLE tenant_items (organization_id uuid) INHERITS (items);
ALTER TABLE tenant_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_items
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
