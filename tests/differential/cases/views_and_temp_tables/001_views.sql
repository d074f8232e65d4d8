create table organizations (id uuid primary key, name text);
create view org_names as select id as organization_id, name from organizations;
create temporary table scratch (organization_id uuid);
