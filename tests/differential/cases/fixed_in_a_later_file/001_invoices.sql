-- The guard refuses 001 at its commit; the checker must say so even though 002 isolates the
-- table (002 then fails in the database too: its table does not exist).
create table invoices (id int, organization_id uuid);
