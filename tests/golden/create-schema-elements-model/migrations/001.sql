CREATE SCHEMA crm
    CREATE TABLE contacts (id bigint, organization_id uuid);
ALTER TABLE crm.contacts ENABLE ROW LEVEL SECURITY;
