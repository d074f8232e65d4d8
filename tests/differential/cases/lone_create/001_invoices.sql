create table invoices (id bigint primary key, organization_id uuid not null, total numeric);
