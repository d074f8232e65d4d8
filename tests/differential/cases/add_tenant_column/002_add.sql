alter table notes add column organization_id uuid;
