-- Organisations and who belongs to them. Every customer-data table carries organization_id.
create table public.organizations (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    created_at timestamptz not null default now()
);

create table public.memberships (
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    role text not null default 'member',
    primary key (organization_id, user_id)
);

-- The organisations the signed-in user belongs to; security definer so that policies on
-- memberships itself do not recurse.
create schema if not exists private;
create or replace function private.current_user_organization_ids()
returns setof uuid
language sql stable security definer
set search_path = ''
as $$
    select organization_id from public.memberships where user_id = auth.uid()
$$;

alter table public.memberships enable row level security;

create policy memberships_isolation on public.memberships
    for all to authenticated
    using (organization_id in (select private.current_user_organization_ids()))
    with check (organization_id in (select private.current_user_organization_ids()));
