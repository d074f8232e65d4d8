-- "Organization_Id" is not organization_id; "organization_id" quoted is.
create table "Mixed" (id bigint, "Organization_Id" uuid);
create table "Quoted" (id bigint, "organization_id" uuid);
