prepare shape as select 1::bigint as id, null::uuid as organization_id;
create table notes as execute shape;
