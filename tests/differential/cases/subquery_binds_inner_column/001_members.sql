-- Inside the subquery, organization_id is members' own column: the policy never looks at
-- documents.organization_id.
create table members (organization_id uuid not null, user_name text not null);
alter table members enable row level security;
create policy members_isolation on members using (organization_id = current_setting('app.organization_id')::uuid) with check (organization_id = current_setting('app.organization_id')::uuid);
create table documents (id bigint primary key, organization_id uuid not null, body text);
alter table documents enable row level security;
create policy member_documents on documents
    using (exists (select 1 from members m where m.organization_id = organization_id))
    with check (organization_id = current_setting('app.organization_id')::uuid);
