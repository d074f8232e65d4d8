-- OAuth tokens are sealed per organisation with tenant_guard.seal(): bytea, never text.
create table public.integrations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    provider text not null,
    access_token bytea not null,   -- tenant_guard.seal(organization_id, token, 'integrations.access_token')
    refresh_token bytea,
    token_expires_at timestamptz
);

alter table public.integrations enable row level security;

create policy integrations_isolation on public.integrations
    for all to authenticated
    using (organization_id in (select private.current_user_organization_ids()))
    with check (organization_id in (select private.current_user_organization_ids()));
