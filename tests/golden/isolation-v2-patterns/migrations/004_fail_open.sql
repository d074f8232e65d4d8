CREATE TABLE leak_fail_open (id bigint, organization_id uuid);
ALTER TABLE leak_fail_open ENABLE ROW LEVEL SECURITY;
CREATE POLICY unset_means_all ON leak_fail_open
    USING (current_setting('app.organization_id', true) IS NULL
           OR organization_id = current_setting('app.organization_id', true)::uuid);
