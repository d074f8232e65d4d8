create table notes (id bigint primary key, organization_id uuid not null);
alter table notes enable row level security;
create policy notes_isolation on notes using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
create schema ops;
create function ops.relax() returns void language plpgsql as $$
begin
  alter table public.notes disable row level security;
end $$;
create function ops.relax_sql() returns void language sql as $$ alter table public.notes disable row level security $$;
create procedure ops.tighten() language plpgsql as $$ begin alter table public.notes enable row level security; end $$;
