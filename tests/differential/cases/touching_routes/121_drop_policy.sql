DROP POLICY readers ON r_drop_policy;
