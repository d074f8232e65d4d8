create table invoices (id bigint primary key, organization_id uuid not null);
alter table invoices enable row level security;
create policy sel on invoices for select using (organization_id = current_setting('app.organization_id')::uuid);
create policy ins on invoices for insert with check (organization_id = current_setting('app.organization_id')::uuid);
create policy upd on invoices for update using (organization_id = current_setting('app.organization_id')::uuid);
create policy del on invoices for delete using (organization_id = current_setting('app.organization_id')::uuid);
