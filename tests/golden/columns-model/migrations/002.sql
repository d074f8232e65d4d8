-- Adding the tenant column makes a tenant table; dropping or renaming it away does not.
ALTER TABLE a ADD COLUMN organization_id uuid;
-- tenant-guard: ignore unapproved-destructive-change b moves to a global table
ALTER TABLE b DROP COLUMN organization_id CASCADE;
ALTER TABLE c RENAME COLUMN org TO organization_id;
