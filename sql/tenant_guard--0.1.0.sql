-- tenant_guard 0.1.0: per-organisation sealing and the tenant isolation guard.
\echo Use "CREATE EXTENSION tenant_guard" to load this file. \quit

-- ==== guard: begin ====
-- The guard (DESIGN.md "Part 2", docs/guard.md): event triggers record every table that DDL
-- touches; at commit, each one that is a tenant table must be isolated by row level security.

-- Tables the guard does not check, with why, who and when. pg_dump keeps the rows.
CREATE TABLE tenant_guard.exemptions (
    relid pg_catalog.regclass PRIMARY KEY,
    reason text NOT NULL CHECK (pg_catalog.btrim(reason) <> ''),
    exempted_by name NOT NULL,
    exempted_at timestamptz NOT NULL
);
REVOKE ALL ON tenant_guard.exemptions FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('tenant_guard.exemptions', '');

CREATE VIEW tenant_guard.exempted_tables AS
SELECT e.relid AS "table", n.nspname AS schema_name, c.relname AS table_name, e.reason,
       e.exempted_by, e.exempted_at
  FROM tenant_guard.exemptions e
  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) e.relid
  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace;
GRANT SELECT ON tenant_guard.exempted_tables TO PUBLIC;

CREATE FUNCTION tenant_guard.exempt(tbl pg_catalog.regclass, reason text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'permission denied to exempt a table from tenant_guard'
            USING ERRCODE = 'insufficient_privilege', HINT = 'Only a superuser can exempt a table.';
    END IF;
    IF tbl IS NULL THEN
        RAISE EXCEPTION 'the table to exempt is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'an exemption needs a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Say why this table needs no tenant isolation.';
    END IF;
    IF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tbl) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'relation % is not a table', tbl USING ERRCODE = 'wrong_object_type';
    END IF;
    INSERT INTO tenant_guard.exemptions AS e (relid, reason, exempted_by, exempted_at)
    VALUES (tbl, reason, current_user, pg_catalog.now())
    ON CONFLICT (relid) DO UPDATE
        SET reason = excluded.reason, exempted_by = excluded.exempted_by,
            exempted_at = excluded.exempted_at;
END
$$;
REVOKE ALL ON FUNCTION tenant_guard.exempt(pg_catalog.regclass, text) FROM PUBLIC;

CREATE FUNCTION tenant_guard.unexempt(tbl pg_catalog.regclass)
RETURNS boolean LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'permission denied to unexempt a table from tenant_guard'
            USING ERRCODE = 'insufficient_privilege', HINT = 'Only a superuser can unexempt a table.';
    END IF;
    DELETE FROM tenant_guard.exemptions e WHERE e.relid = tbl;
    RETURN FOUND;
END
$$;
REVOKE ALL ON FUNCTION tenant_guard.unexempt(pg_catalog.regclass) FROM PUBLIC;

-- Every finding in the current database now, tables that predate the extension included.
CREATE FUNCTION tenant_guard.audit(OUT table_name text, OUT rule text, OUT command text,
                                   OUT policy text, OUT message text)
RETURNS SETOF record LANGUAGE c STABLE
AS 'MODULE_PATHNAME', 'tg_guard_audit';
REVOKE ALL ON FUNCTION tenant_guard.audit() FROM PUBLIC;

CREATE FUNCTION tenant_guard.guard_ddl_command_end() RETURNS event_trigger LANGUAGE c
AS 'MODULE_PATHNAME', 'tg_guard_ddl_command_end';
CREATE FUNCTION tenant_guard.guard_sql_drop() RETURNS event_trigger LANGUAGE c
AS 'MODULE_PATHNAME', 'tg_guard_sql_drop';
REVOKE ALL ON FUNCTION tenant_guard.guard_ddl_command_end() FROM PUBLIC;
REVOKE ALL ON FUNCTION tenant_guard.guard_sql_drop() FROM PUBLIC;

-- Owned by the superuser who creates the extension; ENABLE ALWAYS so that they also fire under
-- session_replication_role = replica.
CREATE EVENT TRIGGER tenant_guard_ddl_command_end ON ddl_command_end
    EXECUTE FUNCTION tenant_guard.guard_ddl_command_end();
ALTER EVENT TRIGGER tenant_guard_ddl_command_end ENABLE ALWAYS;
CREATE EVENT TRIGGER tenant_guard_sql_drop ON sql_drop
    EXECUTE FUNCTION tenant_guard.guard_sql_drop();
ALTER EVENT TRIGGER tenant_guard_sql_drop ENABLE ALWAYS;
-- ==== guard: end ====
