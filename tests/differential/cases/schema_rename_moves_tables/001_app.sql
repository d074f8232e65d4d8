create schema app;
create table app.notes (id bigint primary key, organization_id uuid not null, body text);
alter table app.notes enable row level security;
create policy notes_isolation on app.notes using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
create table app.drafts (id bigint primary key, body text);
