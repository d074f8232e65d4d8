alter table invoices disable row level security;
