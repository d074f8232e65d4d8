create schema app;
set search_path = app;
create table accounts (id bigint primary key, organization_id uuid not null);
alter table accounts enable row level security;
create policy accounts_read on accounts for select using (organization_id = current_setting('app.organization_id')::uuid);
