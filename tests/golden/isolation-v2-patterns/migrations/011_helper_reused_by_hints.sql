CREATE SCHEMA basejump;
CREATE FUNCTION basejump.has_role_on_account(account uuid) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT account = current_setting('app.organization_id', true)::uuid $$;
CREATE TABLE accounts_data (id bigint, organization_id uuid);
ALTER TABLE accounts_data ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON accounts_data USING (basejump.has_role_on_account(organization_id));
CREATE TABLE account_notes (id bigint, organization_id uuid);
ALTER TABLE account_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_all ON account_notes USING (true);
