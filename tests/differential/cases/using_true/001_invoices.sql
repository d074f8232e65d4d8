create table invoices (id bigint primary key, organization_id uuid not null);
alter table invoices enable row level security;
create policy open_to_all on invoices using (true);
