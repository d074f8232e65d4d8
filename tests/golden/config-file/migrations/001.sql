CREATE TABLE public.posts (id bigint, account_id uuid, pin_code text, organization_id uuid);
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (account_id uuid);
DO $$ BEGIN EXECUTE 'x' || 'y'; END $$;
