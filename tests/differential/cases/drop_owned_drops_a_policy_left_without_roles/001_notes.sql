create table notes (id bigint primary key, organization_id uuid not null);
alter table notes enable row level security;
create policy notes_isolation on notes using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
