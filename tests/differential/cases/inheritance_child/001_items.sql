create table items (id bigint, organization_id uuid not null);
alter table items enable row level security;
create policy items_isolation on items using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
create table special_items (extra text) inherits (items);
