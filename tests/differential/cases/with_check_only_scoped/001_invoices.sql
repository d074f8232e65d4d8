create table invoices (id bigint primary key, organization_id uuid not null);
alter table invoices enable row level security;
create policy half_open on invoices for all using (true) with check (organization_id = current_setting('app.organization_id')::uuid);
