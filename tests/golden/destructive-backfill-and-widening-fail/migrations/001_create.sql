CREATE TABLE accounts (
    id int4 PRIMARY KEY,
    organization_id uuid NOT NULL,
    seats smallint,
    name varchar(20),
    code char(4),
    price numeric(10,2),
    ratio real,
    tags int4[],
    note text,
    total numeric
);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_isolation ON accounts
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
