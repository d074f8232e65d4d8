-- tenant_guard 0.1.0: per-organisation sealing and the tenant isolation guard.
\echo Use "CREATE EXTENSION tenant_guard" to load this file. \quit

-- The schema must be the extension's own. CREATE EXTENSION reuses a schema "tenant_guard" that
-- already exists: a role that created it first would own it, could rename it and put a
-- look-alike seal() or org_key table in its place, which applications and the key code (as a
-- superuser) would then use. So: owned by a superuser, and empty.
DO $$
DECLARE
    owner_name name;
    owner_is_superuser boolean;
BEGIN
    SELECT r.rolname, r.rolsuper INTO owner_name, owner_is_superuser
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
     WHERE n.nspname OPERATOR(pg_catalog.=) 'tenant_guard';
    IF NOT owner_is_superuser THEN
        RAISE EXCEPTION 'schema tenant_guard belongs to role %, which is not a superuser', owner_name
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Its owner controls every object in it. Look at what it holds, drop or rename it, then CREATE EXTENSION tenant_guard again.';
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) 'tenant_guard'::pg_catalog.regnamespace)
       OR EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) 'tenant_guard'::pg_catalog.regnamespace)
       OR EXISTS (SELECT FROM pg_catalog.pg_type t WHERE t.typnamespace OPERATOR(pg_catalog.=) 'tenant_guard'::pg_catalog.regnamespace)
       OR EXISTS (SELECT FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) 'tenant_guard'::pg_catalog.regnamespace) THEN
        RAISE EXCEPTION 'schema tenant_guard already holds objects'
            USING ERRCODE = 'duplicate_schema',
                  HINT = 'tenant_guard needs a schema of its own. Look at what it holds, drop or rename it, then CREATE EXTENSION tenant_guard again.';
    END IF;
END
$$;

-- ==== sealing: begin ====

-- Org keys, wrapped under a master key that never enters the database. Kept by pg_dump.
CREATE TABLE tenant_guard.org_key (
    org           uuid        NOT NULL,
    purpose       text        NOT NULL CHECK (purpose IN ('seal', 'blind_index')),
    version       integer     NOT NULL CHECK (version > 0),
    state         text        NOT NULL CHECK (state IN ('active', 'decrypt-only', 'destroyed')),
    master_key_id text,
    wrapped_key   bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    destroyed_at  timestamptz,
    PRIMARY KEY (org, purpose, version),
    CHECK ((state = 'destroyed') = (wrapped_key IS NULL)),
    CHECK ((state = 'destroyed') = (master_key_id IS NULL)),
    CHECK ((state = 'destroyed') = (destroyed_at IS NOT NULL))
);
CREATE UNIQUE INDEX org_key_one_active ON tenant_guard.org_key (org, purpose)
    WHERE state = 'active';
CREATE INDEX org_key_by_master_key ON tenant_guard.org_key (master_key_id)
    WHERE master_key_id IS NOT NULL;
COMMENT ON TABLE tenant_guard.org_key IS
    'Per-organisation data and blind-index keys, wrapped (AES-256-GCM) under a master key';
SELECT pg_catalog.pg_extension_config_dump('tenant_guard.org_key', '');

-- The check value of every master key id ever used: a different key under a known id is
-- refused instead of wrapping new keys under it or failing to unwrap old ones.
CREATE TABLE tenant_guard.master_key_check (
    key_id      text        PRIMARY KEY,
    check_value bytea       NOT NULL,
    first_seen  timestamptz NOT NULL DEFAULT now()
);
SELECT pg_catalog.pg_extension_config_dump('tenant_guard.master_key_check', '');

REVOKE ALL ON tenant_guard.org_key, tenant_guard.master_key_check FROM PUBLIC;

-- Every backend caches unwrapped org keys; a change other than a new org's first key makes
-- them all start over at their next transaction.
CREATE FUNCTION tenant_guard.org_key_changed() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'tg_org_key_changed';
CREATE TRIGGER org_key_changed
    AFTER UPDATE OR DELETE OR TRUNCATE ON tenant_guard.org_key
    FOR EACH STATEMENT EXECUTE FUNCTION tenant_guard.org_key_changed();
REVOKE ALL ON FUNCTION tenant_guard.org_key_changed() FROM PUBLIC;

-- Sealing. STRICT: NULL in, NULL out. Not executable by PUBLIC: an administrator grants them
-- to the application's role. They read org keys as the extension's owner internally, so the
-- caller needs no access to tenant_guard.org_key.
CREATE FUNCTION tenant_guard.seal(org uuid, plaintext text, context text DEFAULT '')
    RETURNS bytea LANGUAGE c VOLATILE STRICT PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'tg_seal';
CREATE FUNCTION tenant_guard.seal(org uuid, plaintext bytea, context text DEFAULT '')
    RETURNS bytea LANGUAGE c VOLATILE STRICT PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'tg_seal';
CREATE FUNCTION tenant_guard.unseal(org uuid, sealed bytea, context text DEFAULT '')
    RETURNS text LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tg_unseal_text';
CREATE FUNCTION tenant_guard.unseal_bytea(org uuid, sealed bytea, context text DEFAULT '')
    RETURNS bytea LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tg_unseal_bytea';
CREATE FUNCTION tenant_guard.reseal(org uuid, sealed bytea, context text DEFAULT '')
    RETURNS bytea LANGUAGE c VOLATILE STRICT PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'tg_reseal';
CREATE FUNCTION tenant_guard.sealed_key_version(sealed bytea)
    RETURNS integer LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tg_sealed_key_version';
CREATE FUNCTION tenant_guard.blind_index(org uuid, value text, context text)
    RETURNS bytea LANGUAGE c VOLATILE STRICT PARALLEL RESTRICTED
    AS 'MODULE_PATHNAME', 'tg_blind_index';

-- Key management: superuser only (each function also checks for itself).
CREATE FUNCTION tenant_guard.rotate_org_key(org uuid)
    RETURNS integer LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'tg_rotate_org_key';
CREATE FUNCTION tenant_guard.shred_org(org uuid)
    RETURNS integer LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'tg_shred_org';
CREATE FUNCTION tenant_guard.rewrap_org_keys()
    RETURNS bigint LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'tg_rewrap_org_keys';
CREATE FUNCTION tenant_guard.active_key_version(org uuid)
    RETURNS integer LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS 'MODULE_PATHNAME', 'tg_active_key_version';
CREATE FUNCTION tenant_guard.master_keys(OUT key_id text, OUT active boolean, OUT check_value bytea)
    RETURNS SETOF record LANGUAGE c VOLATILE PARALLEL UNSAFE
    AS 'MODULE_PATHNAME', 'tg_master_keys';

REVOKE ALL ON FUNCTION
    tenant_guard.seal(uuid, text, text), tenant_guard.seal(uuid, bytea, text),
    tenant_guard.unseal(uuid, bytea, text), tenant_guard.unseal_bytea(uuid, bytea, text),
    tenant_guard.reseal(uuid, bytea, text), tenant_guard.sealed_key_version(bytea),
    tenant_guard.blind_index(uuid, text, text), tenant_guard.rotate_org_key(uuid),
    tenant_guard.shred_org(uuid), tenant_guard.rewrap_org_keys(),
    tenant_guard.active_key_version(uuid), tenant_guard.master_keys()
    FROM PUBLIC;

-- Master keys as this backend loaded them, and how many org keys each one wraps. Never key
-- material: the check value is an HMAC of a fixed label.
CREATE VIEW tenant_guard.key_status AS
WITH loaded AS (
    SELECT key_id, active, check_value FROM tenant_guard.master_keys()
), wrapped AS (
    SELECT master_key_id AS key_id, count(*) AS org_keys, count(DISTINCT org) AS orgs
    FROM tenant_guard.org_key WHERE master_key_id IS NOT NULL GROUP BY master_key_id
)
SELECT coalesce(l.key_id, w.key_id, c.key_id) AS key_id,
       l.key_id IS NOT NULL AS loaded,
       coalesce(l.active, false) AS active,
       CASE WHEN l.key_id IS NULL THEN 'not loaded'
            WHEN c.check_value IS NULL THEN 'not yet recorded'
            WHEN c.check_value = l.check_value THEN 'match'
            ELSE 'MISMATCH' END AS check_value,
       coalesce(w.org_keys, 0) AS org_keys,
       coalesce(w.orgs, 0) AS orgs
FROM loaded l
FULL JOIN wrapped w ON w.key_id = l.key_id
FULL JOIN tenant_guard.master_key_check c ON c.key_id = coalesce(l.key_id, w.key_id);
REVOKE ALL ON tenant_guard.key_status FROM PUBLIC;

-- One batch of reseal_column: the stale values of one leaf table between two row ids. Reads
-- as the caller with a plain heap scan, re-seals in C, and writes as the table's owner in a
-- security-restricted operation (extension/reseal_rows.cpp). Superuser only.
CREATE FUNCTION tenant_guard.reseal_rows(
    leaf pg_catalog.regclass, col name, org_col name, context text,
    first_tid pg_catalog.tid, last_tid pg_catalog.tid, write boolean,
    OUT stale pg_catalog.tid[], OUT resealed bigint, OUT skipped pg_catalog.tid[],
    OUT hidden pg_catalog.tid[])
RETURNS record LANGUAGE c VOLATILE STRICT PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'tg_reseal_rows';
REVOKE ALL ON FUNCTION tenant_guard.reseal_rows(pg_catalog.regclass, name, name, text,
    pg_catalog.tid, pg_catalog.tid, boolean) FROM PUBLIC;

-- Re-seals a whole column under each org's active key, a batch of pages per transaction, so
-- that it can run on a live table, be interrupted, and be called again to finish. Each leaf
-- table (partitions and inheritance children have their own owners) is written as its owner,
-- never as the superuser who calls this (docs/security.md, "reseal_column and the table
-- owner's code"). Rows it cannot re-seal are reported at the end, with why and what to do.
CREATE PROCEDURE tenant_guard.reseal_column(
    tbl regclass, col name, org_col name DEFAULT 'organization_id', context text DEFAULT '',
    batch_size integer DEFAULT 1000)
LANGUAGE plpgsql AS $$
-- A procedure that commits may not have a SET clause: search_path is pinned at the start of
-- each of its transactions instead, before any expression is evaluated, so that no operator or
-- function from the caller's search_path (an app./(integer, double precision), say) is chosen.
DECLARE
    leaves pg_catalog.oid[];
    leaf_pages bigint[] := '{}';
    foreign_leaves text;
    leaf pg_catalog.oid;
    i integer;
    sweep integer;
    total_pages bigint := 0;
    pages_read bigint := 0;
    pages bigint;
    pages_per_batch bigint;
    first_page bigint;
    last_page bigint;
    batch record;
    batch_resealed bigint;
    pending pg_catalog.tid[];
    row_id pg_catalog.tid;
    resealed bigint := 0;
    remaining bigint := 0;
    leaf_skipped bigint;
    leaf_hidden bigint;
    skipped_rows bigint := 0;
    hidden_rows bigint := 0;
    skipped_leaves text[] := '{}';
    hidden_leaves text[] := '{}';
    failures text[] := '{}';  -- the first 20, named in the report
    failed_rows bigint := 0;
    unreadable text[] := '{}';  -- tables that sweep 2 could not read, and why
    error_state text;
    error_message text;
    unexplained bigint;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'permission denied for procedure reseal_column'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Re-sealing a column is for superusers.';
    END IF;
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be at least 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tbl) NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', tbl USING ERRCODE = 'wrong_object_type';
    END IF;
    -- The table and every table that inherits from it: each leaf with storage on its own.
    WITH RECURSIVE tree(relid) AS (
        SELECT tbl::pg_catalog.oid
        UNION
        SELECT h.inhrelid FROM pg_catalog.pg_inherits h JOIN tree t ON h.inhparent = t.relid
    )
    SELECT pg_catalog.array_agg(c.oid ORDER BY n.nspname, c.relname) FILTER (WHERE c.relkind = 'r'),
           pg_catalog.string_agg(c.oid::pg_catalog.regclass::text, ', ' ORDER BY n.nspname, c.relname)
               FILTER (WHERE c.relkind = 'f')
      INTO leaves, foreign_leaves
      FROM tree t JOIN pg_catalog.pg_class c ON c.oid = t.relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace;
    leaves := coalesce(leaves, '{}');
    IF foreign_leaves IS NOT NULL THEN
        RAISE WARNING 'reseal_column: skipping foreign tables %', foreign_leaves
            USING HINT = 'Re-seal their values where their data lives.';
    END IF;
    -- Every leaf has both columns with the right types before anything is written (an empty
    -- range of rows checks them).
    FOR i IN 1 .. pg_catalog.cardinality(leaves) LOOP
        PERFORM tenant_guard.reseal_rows(leaves[i], col, org_col, context, '(0,1)', '(0,0)', false);
        pages := pg_catalog.pg_relation_size(leaves[i]) / pg_catalog.current_setting('block_size')::bigint;
        leaf_pages := leaf_pages || pages;
        total_pages := total_pages + pages;
    END LOOP;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);

    -- Sweep 1 re-seals. Sweep 2 only counts what is left: the rows sweep 1 could not re-seal,
    -- and rows that other sessions changed behind it.
    FOR sweep IN 1 .. 2 LOOP
        FOR i IN 1 .. pg_catalog.cardinality(leaves) LOOP
            leaf := leaves[i];
            pages := CASE WHEN sweep = 1 THEN leaf_pages[i] ELSE
                pg_catalog.pg_relation_size(leaf) / pg_catalog.current_setting('block_size')::bigint END;
            SELECT greatest(1, floor(batch_size / greatest(CASE WHEN c.relpages > 0 AND c.reltuples > 0
                                                                THEN c.reltuples / c.relpages ELSE 100 END, 1)))::bigint
              INTO pages_per_batch FROM pg_catalog.pg_class c WHERE c.oid = leaf;
            leaf_skipped := 0;
            leaf_hidden := 0;
            first_page := 0;
            WHILE first_page < pages LOOP
                last_page := least(first_page + pages_per_batch, pages) - 1;
                batch_resealed := 0;
                IF sweep = 2 THEN
                    BEGIN
                        SELECT * INTO batch FROM tenant_guard.reseal_rows(leaf, col, org_col, context,
                            pg_catalog.format('(%s,0)', first_page)::pg_catalog.tid,
                            pg_catalog.format('(%s,65535)', last_page)::pg_catalog.tid, false);
                        remaining := remaining + pg_catalog.cardinality(batch.stale);
                    EXCEPTION WHEN OTHERS THEN
                        -- The table changed under the run (dropped, its column altered).
                        GET STACKED DIAGNOSTICS error_state = RETURNED_SQLSTATE,
                                                error_message = MESSAGE_TEXT;
                        unreadable := unreadable || pg_catalog.format('%s: %s (SQLSTATE %s)',
                            leaf::pg_catalog.regclass, pg_catalog.left(error_message, 200), error_state);
                        EXIT;
                    END;
                ELSE
                    BEGIN
                        SELECT * INTO batch FROM tenant_guard.reseal_rows(leaf, col, org_col, context,
                            pg_catalog.format('(%s,0)', first_page)::pg_catalog.tid,
                            pg_catalog.format('(%s,65535)', last_page)::pg_catalog.tid, true);
                        batch_resealed := batch.resealed;
                        leaf_skipped := leaf_skipped + pg_catalog.cardinality(batch.skipped);
                        leaf_hidden := leaf_hidden + pg_catalog.cardinality(batch.hidden);
                    EXCEPTION WHEN OTHERS THEN
                        -- A row of the batch failed (often in the owner's code): row by row, each
                        -- in its own subtransaction, to re-seal the others and name those that fail.
                        BEGIN
                            SELECT r.stale INTO pending FROM tenant_guard.reseal_rows(leaf, col, org_col,
                                context, pg_catalog.format('(%s,0)', first_page)::pg_catalog.tid,
                                pg_catalog.format('(%s,65535)', last_page)::pg_catalog.tid, false) r;
                        EXCEPTION WHEN OTHERS THEN
                            pending := '{}';  -- the table changed under the run: sweep 2 says how
                        END;
                        FOREACH row_id IN ARRAY pending LOOP
                            BEGIN
                                SELECT * INTO batch FROM tenant_guard.reseal_rows(leaf, col, org_col,
                                    context, row_id, row_id, true);
                                batch_resealed := batch_resealed + batch.resealed;
                                leaf_skipped := leaf_skipped + pg_catalog.cardinality(batch.skipped);
                                leaf_hidden := leaf_hidden + pg_catalog.cardinality(batch.hidden);
                            EXCEPTION WHEN OTHERS THEN
                                GET STACKED DIAGNOSTICS error_state = RETURNED_SQLSTATE,
                                                        error_message = MESSAGE_TEXT;
                                failed_rows := failed_rows + 1;
                                IF failed_rows <= 20 THEN
                                    failures := failures || pg_catalog.format('%s row %s: %s (SQLSTATE %s)',
                                        leaf::pg_catalog.regclass, row_id, pg_catalog.left(error_message, 200),
                                        error_state);
                                END IF;
                            END;
                        END LOOP;
                    END;
                    resealed := resealed + batch_resealed;
                    pages_read := pages_read + (last_page - first_page + 1);
                END IF;
                COMMIT;
                PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
                IF batch_resealed > 0 THEN
                    RAISE NOTICE 'reseal_column: % values re-sealed, % of % pages read',
                        resealed, pages_read, total_pages;
                END IF;
                first_page := last_page + 1;
            END LOOP;
            IF leaf_skipped > 0 THEN
                skipped_leaves := skipped_leaves || pg_catalog.format('%s in %s', leaf_skipped, leaf::pg_catalog.regclass);
                skipped_rows := skipped_rows + leaf_skipped;
            END IF;
            IF leaf_hidden > 0 THEN
                hidden_leaves := hidden_leaves || pg_catalog.format('%s in %s', leaf_hidden, leaf::pg_catalog.regclass);
                hidden_rows := hidden_rows + leaf_hidden;
            END IF;
        END LOOP;
    END LOOP;

    IF pg_catalog.cardinality(unreadable) > 0 THEN
        RAISE WARNING 'reseal_column: % values re-sealed; some tables could not be read again', resealed
            USING DETAIL = pg_catalog.array_to_string(unreadable, E'\n'),
                  HINT = 'Their tables changed while it ran (dropped, or the column altered). Call reseal_column again.';
    END IF;
    IF remaining = 0 AND pg_catalog.cardinality(unreadable) = 0 THEN
        IF resealed = 0 THEN
            RAISE NOTICE 'reseal_column: %.% has no value to re-seal', tbl, col;
        ELSE
            RAISE NOTICE 'reseal_column: done, % values re-sealed under the active keys', resealed;
        END IF;
        RETURN;
    END IF;
    IF remaining = 0 THEN
        RETURN;
    END IF;
    unexplained := remaining - hidden_rows - skipped_rows - failed_rows;
    RAISE WARNING 'reseal_column: % values re-sealed, % left under older keys in %.%',
        resealed, remaining, tbl, col
        USING DETAIL = pg_catalog.concat_ws(E'\n',
            CASE WHEN hidden_rows > 0 THEN pg_catalog.format(
                'Hidden from the table''s owner by FORCE ROW LEVEL SECURITY: %s.',
                pg_catalog.array_to_string(hidden_leaves, ', ')) END,
            CASE WHEN skipped_rows > 0 THEN pg_catalog.format(
                'Skipped by the owner''s BEFORE UPDATE trigger or DO INSTEAD rule: %s.',
                pg_catalog.array_to_string(skipped_leaves, ', ')) END,
            CASE WHEN failed_rows > 0 THEN
                'Failed: ' || pg_catalog.array_to_string(failures, E'\nFailed: ') ||
                CASE WHEN failed_rows > 20 THEN pg_catalog.format(
                    E'\n(and %s more)', failed_rows - 20) ELSE '' END END,
            CASE WHEN unexplained > 0 THEN pg_catalog.format(
                'Changed by other sessions while it ran: %s.', unexplained) END),
        HINT = pg_catalog.concat_ws(' ',
            CASE WHEN hidden_rows > 0 THEN
                'For FORCE ROW LEVEL SECURITY: ALTER TABLE ... NO FORCE ROW LEVEL SECURITY, call again, then FORCE it again.' END,
            CASE WHEN skipped_rows > 0 THEN
                'For a trigger or rule: have the owner let the update through (or ALTER TABLE ... DISABLE TRIGGER), then call again.' END,
            CASE WHEN failed_rows > 0 THEN
                'For failed rows: fix what the error names (often the owner''s trigger or constraint), then call again.' END,
            CASE WHEN unexplained > 0 THEN 'Call reseal_column again for the rows that changed.' END);
END
$$;
REVOKE ALL ON PROCEDURE tenant_guard.reseal_column(regclass, name, name, text, integer) FROM PUBLIC;

-- ==== sealing: end ====

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
DECLARE
    descendants text;
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
    IF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tbl) NOT IN ('r', 'p', 'v', 'm') THEN
        RAISE EXCEPTION 'relation % is not a table or view', tbl USING ERRCODE = 'wrong_object_type';
    END IF;
    -- Through an inheritance parent, its descendants' rows are read under the parent's
    -- policies: exempting it exempts them too, and whoever signs the exemption must see that.
    SELECT pg_catalog.string_agg(d.relid::pg_catalog.regclass::text, ', ' ORDER BY d.relid::pg_catalog.regclass::text)
      INTO descendants
      FROM (WITH RECURSIVE below(relid) AS (
                SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = tbl
                UNION
                SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN below b ON i.inhparent = b.relid)
            SELECT relid FROM below) d;
    IF descendants IS NOT NULL THEN
        RAISE NOTICE 'exempting % also exposes the rows of its descendants through it: %', tbl, descendants;
    END IF;
    INSERT INTO tenant_guard.exemptions AS e (relid, reason, exempted_by, exempted_at)
    VALUES (tbl, reason, current_user, pg_catalog.now())
    ON CONFLICT (relid) DO UPDATE
        SET reason = excluded.reason, exempted_by = excluded.exempted_by,
            exempted_at = excluded.exempted_at;
END
$$;
REVOKE ALL ON FUNCTION tenant_guard.exempt(pg_catalog.regclass, text) FROM PUBLIC;

-- The guard checks a table when a transaction's DDL touches it; ending an exemption touches it
-- too, so the transaction that unexempts an unisolated table cannot commit.
CREATE FUNCTION tenant_guard.check_at_commit(tbl pg_catalog.regclass)
RETURNS void LANGUAGE c STRICT
AS 'MODULE_PATHNAME', 'tg_guard_check_at_commit';
REVOKE ALL ON FUNCTION tenant_guard.check_at_commit(pg_catalog.regclass) FROM PUBLIC;

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
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM tenant_guard.check_at_commit(tbl);
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION tenant_guard.unexempt(pg_catalog.regclass) FROM PUBLIC;

-- Every finding in the current database now, tables that predate the extension included.
CREATE FUNCTION tenant_guard.audit(OUT "table" text, OUT rule text, OUT command text,
                                   OUT policy text, OUT message text)
RETURNS SETOF record LANGUAGE c STABLE
AS 'MODULE_PATHNAME', 'tg_guard_audit';
REVOKE ALL ON FUNCTION tenant_guard.audit() FROM PUBLIC;

-- Evidence for auditors: every tenant table against SELECT, INSERT, UPDATE and DELETE with the
-- policies that cover each, the exemptions and the org-key states, as 'markdown' or 'html'.
-- The same rendering as `tenant-guard report` over migration files.
CREATE FUNCTION tenant_guard.report(format text DEFAULT 'markdown')
RETURNS text LANGUAGE c STABLE STRICT
AS 'MODULE_PATHNAME', 'tg_guard_report';
REVOKE ALL ON FUNCTION tenant_guard.report(text) FROM PUBLIC;

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
