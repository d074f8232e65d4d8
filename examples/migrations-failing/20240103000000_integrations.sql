create table public.integrations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null,
    provider text not null,
    access_token text not null,
    refresh_token text
);

alter table public.integrations enable row level security;

create policy integrations_isolation on public.integrations
    for all to authenticated
    using (organization_id in (select organization_id from public.memberships where user_id = auth.uid()));
