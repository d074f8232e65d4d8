ALTER TABLE r_set_not_null ALTER COLUMN organization_id SET NOT NULL;
