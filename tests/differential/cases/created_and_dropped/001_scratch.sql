create table staging (organization_id uuid, payload text);
drop table staging;
