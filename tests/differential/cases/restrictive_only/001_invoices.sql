create table invoices (id bigint primary key, organization_id uuid not null);
alter table invoices enable row level security;
create policy tenant_only on invoices as restrictive using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
