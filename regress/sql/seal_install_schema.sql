-- CREATE EXTENSION refuses a schema "tenant_guard" that someone else prepared: its owner would
-- control every object in it (rename the schema, put a look-alike seal() in its place).
CREATE ROLE tg_squatter;
CREATE DATABASE tg_install_schema;
\c tg_install_schema
CREATE SCHEMA tenant_guard AUTHORIZATION tg_squatter;
CREATE EXTENSION tenant_guard;
-- Owned by a superuser but not empty: refused too.
ALTER SCHEMA tenant_guard OWNER TO CURRENT_USER;
CREATE FUNCTION tenant_guard.seal(org uuid, plaintext text) RETURNS bytea LANGUAGE sql
    AS $$ SELECT pg_catalog.convert_to(plaintext, 'UTF8') $$;
CREATE EXTENSION tenant_guard;
-- An empty schema of a superuser's, or none at all: installed.
DROP FUNCTION tenant_guard.seal(uuid, text);
SET client_min_messages = warning;
CREATE EXTENSION tenant_guard;
RESET client_min_messages;
SELECT n.nspowner::regrole AS schema_owner FROM pg_namespace n WHERE n.nspname = 'tenant_guard';
DROP EXTENSION tenant_guard;
DROP SCHEMA tenant_guard;
SET client_min_messages = warning;
CREATE EXTENSION tenant_guard;
RESET client_min_messages;
\c contrib_regression
DROP DATABASE tg_install_schema;
DROP ROLE tg_squatter;
