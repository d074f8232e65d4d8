create table events (id bigint, organization_id uuid not null, at date not null) partition by range (at);
alter table events enable row level security;
create policy events_isolation on events using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01');
