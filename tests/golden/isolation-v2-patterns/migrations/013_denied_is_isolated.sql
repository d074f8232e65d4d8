-- basejump's account_user: INSERT and UPDATE have no policy, so they are denied: a warning,
-- and the hint proposes no policy.
CREATE TABLE account_user (user_id uuid, organization_id uuid);
ALTER TABLE account_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON account_user FOR SELECT USING (basejump.has_role_on_account(organization_id));
CREATE POLICY leave ON account_user FOR DELETE USING (user_id = auth.uid());
