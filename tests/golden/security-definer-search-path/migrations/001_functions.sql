CREATE SCHEMA app;
-- Runs with its owner's rights through the caller's search_path: reported.
CREATE FUNCTION app.current_org_ids() RETURNS SETOF uuid
    LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT organization_id FROM memberships $$;
-- Pinned: fine.
CREATE FUNCTION app.is_member(org uuid) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT true $$;
-- SECURITY INVOKER (the default): fine.
CREATE FUNCTION app.plain() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
-- Made SECURITY DEFINER later, and fixed later still.
CREATE FUNCTION app.later() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION app.later() SECURITY DEFINER;
CREATE FUNCTION app.fixed() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;
ALTER FUNCTION app.fixed() SET search_path = pg_catalog;
