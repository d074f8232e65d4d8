ALTER POLICY members ON r_alter_policy RENAME TO tenant_members;
