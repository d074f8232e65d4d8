--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
DROP POLICY IF EXISTS customers_isolation ON public.customers;
DROP TABLE IF EXISTS public.customers;
DROP TABLE IF EXISTS public.legacy;
CREATE TABLE public.customers (
    id bigint NOT NULL,
    organization_id uuid NOT NULL,
    name text
);
ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_isolation ON public.customers USING ((organization_id = (current_setting('app.organization_id'::text))::uuid));
CREATE TABLE public.legacy (
    id bigint NOT NULL,
    organization_id uuid NOT NULL
);
