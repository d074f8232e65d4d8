create schema billing;
create table invoices (id bigint primary key, organization_id uuid not null);
alter table invoices enable row level security;
create policy invoices_isolation on invoices using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
