alter table notes rename column org to organization_id;
