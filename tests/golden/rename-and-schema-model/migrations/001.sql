CREATE SCHEMA audit;
CREATE TABLE old_name (id bigint, organization_id uuid);
ALTER TABLE old_name RENAME TO projects;
CREATE TABLE logs (id bigint, organization_id uuid);
ALTER TABLE logs SET SCHEMA audit;
