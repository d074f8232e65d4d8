alter table invoices enable row level security;
create policy p on invoices using (organization_id = current_setting('app.organization_id')::uuid);
