create table members (org uuid not null, user_name text not null);
create table documents (id bigint primary key, organization_id uuid not null, body text);
alter table documents enable row level security;
create policy member_documents on documents
    using (exists (select 1 from members m where m.org = organization_id and m.user_name = current_user))
    with check (exists (select 1 from members m where m.org = organization_id and m.user_name = current_user));
