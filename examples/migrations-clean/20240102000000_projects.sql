create table public.projects (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    name text not null,
    archived boolean not null default false,
    created_at timestamptz not null default now()
);

create index projects_organization_id_idx on public.projects (organization_id);

alter table public.projects enable row level security;

create policy projects_select on public.projects for select to authenticated
    using (organization_id in (select private.current_user_organization_ids()));
create policy projects_insert on public.projects for insert to authenticated
    with check (organization_id in (select private.current_user_organization_ids()));
create policy projects_update on public.projects for update to authenticated
    using (organization_id in (select private.current_user_organization_ids()))
    with check (organization_id in (select private.current_user_organization_ids()));
create policy projects_delete on public.projects for delete to authenticated
    using (organization_id in (select private.current_user_organization_ids()));
