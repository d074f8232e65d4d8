CREATE SCHEMA app;
CREATE SCHEMA billing;
SET search_path TO app, public;
CREATE TABLE orders (id bigint, organization_id uuid);
ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY;
SELECT pg_catalog.set_config('search_path', 'billing', false);
CREATE TABLE invoices (id bigint, organization_id uuid);
RESET search_path;
CREATE TABLE public_things (id bigint, organization_id uuid);
