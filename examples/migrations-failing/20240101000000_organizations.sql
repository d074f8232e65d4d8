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

-- Only reads are covered: INSERT, UPDATE and DELETE have no policy.
create policy memberships_read on public.memberships for select to authenticated
    using (user_id = auth.uid());
