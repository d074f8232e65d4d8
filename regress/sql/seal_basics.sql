-- Sealing and unsealing: round trips, NULLs, the format, and every error a value can cause.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
\set org_a '\'0a0a0a0a-0000-4000-8000-00000000000a\'::uuid'
\set org_b '\'0b0b0b0b-0000-4000-8000-00000000000b\'::uuid'
\set org_new '\'0c0c0c0c-0000-4000-8000-00000000000c\'::uuid'

CREATE TEMP TABLE sealed AS
SELECT tenant_guard.seal(:org_a, 'gho_refresh_token_of_a', 'integrations.refresh_token') AS v;

-- Round trips, text and bytea, and the 34 bytes of overhead.
SELECT tenant_guard.unseal(:org_a, v, 'integrations.refresh_token') FROM sealed;
SELECT length(v) - length('gho_refresh_token_of_a') AS overhead FROM sealed;
SELECT tenant_guard.unseal_bytea(:org_a, tenant_guard.seal(:org_a, '\x00ff10'::bytea));
SELECT tenant_guard.unseal(:org_a, tenant_guard.seal(:org_a, ''));
SELECT length(tenant_guard.unseal(:org_a, tenant_guard.seal(:org_a, repeat('x', 65536)))) AS long_value;
SELECT tenant_guard.unseal(:org_a, tenant_guard.seal(:org_a, 'déjà vu ✓', 'ctx'), 'ctx');

-- Header: format 1, algorithm 1, key version 1; a fresh nonce every time.
SELECT substr(v, 1, 6) AS header, tenant_guard.sealed_key_version(v) FROM sealed;
SELECT count(DISTINCT tenant_guard.seal(:org_a, 'same')) AS distinct_values,
       count(DISTINCT substr(tenant_guard.seal(:org_a, 'same'), 7, 12)) AS distinct_nonces
FROM generate_series(1, 200);

-- NULL in, NULL out.
SELECT tenant_guard.seal(NULL, 'x') IS NULL AS null_org,
       tenant_guard.seal(:org_a, NULL::text) IS NULL AS null_text,
       tenant_guard.seal(:org_a, 'x', NULL) IS NULL AS null_context,
       tenant_guard.unseal(:org_a, NULL) IS NULL AS null_sealed,
       tenant_guard.unseal_bytea(NULL, '\x00') IS NULL AS null_org_bytea,
       tenant_guard.reseal(:org_a, NULL) IS NULL AS null_reseal,
       tenant_guard.sealed_key_version(NULL) IS NULL AS null_version,
       tenant_guard.blind_index(:org_a, NULL, 'email') IS NULL AS null_blind_index;

-- Wrong context, including the default one.
SELECT tenant_guard.unseal(:org_a, v, 'integrations.access_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, v) FROM sealed;
-- Wrong organisation: one that has keys, and one that has none.
SELECT tenant_guard.seal(:org_b, 'b has a key now') IS NOT NULL AS b_sealed;
SELECT tenant_guard.unseal(:org_b, v, 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_new, v, 'integrations.refresh_token') FROM sealed;
-- Tampered: a flipped bit in the nonce, the ciphertext, the tag.
SELECT tenant_guard.unseal(:org_a, set_byte(v, 10, get_byte(v, 10) # 1), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, set_byte(v, 20, get_byte(v, 20) # 128), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, set_byte(v, length(v) - 1, get_byte(v, length(v) - 1) # 1), 'integrations.refresh_token') FROM sealed;
-- Truncated, empty, unknown format, unknown algorithm, unknown key version.
SELECT tenant_guard.unseal(:org_a, substr(v, 1, 33), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, ''::bytea);
SELECT tenant_guard.unseal(:org_a, set_byte(v, 0, 2), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, set_byte(v, 1, 7), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.unseal(:org_a, set_byte(v, 5, 9), 'integrations.refresh_token') FROM sealed;
SELECT tenant_guard.sealed_key_version('\x0101'::bytea);
SELECT tenant_guard.sealed_key_version(set_byte(v, 0, 9)) FROM sealed;
SELECT tenant_guard.sealed_key_version(set_byte(v, 2, 255)) FROM sealed;
-- A binary secret does not come back as invalid text.
SELECT tenant_guard.unseal(:org_a, tenant_guard.seal(:org_a, '\xff00fe'::bytea));
-- Cutting the sealed value at every length never crashes and never unseals.
DO $$
DECLARE
    v bytea := tenant_guard.seal('0a0a0a0a-0000-4000-8000-00000000000a', 'secret', 'c');
    refused int := 0;
BEGIN
    FOR cut IN 0 .. length(v) - 1 LOOP
        BEGIN
            PERFORM tenant_guard.unseal('0a0a0a0a-0000-4000-8000-00000000000a', substr(v, 1, cut), 'c');
        EXCEPTION WHEN SQLSTATE 'TG003' OR SQLSTATE 'TG007' THEN
            refused := refused + 1;
        END;
    END LOOP;
    RAISE NOTICE '% of % cuts refused', refused, length(v);
END $$;

-- Blind indexes: deterministic per organisation and context, 32 bytes, and different
-- across organisations and contexts.
SELECT length(tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.email')) AS length,
       tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.email')
         = tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.email') AS deterministic,
       tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.email')
         = tenant_guard.blind_index(:org_b, 'ada@example.com', 'users.email') AS same_across_orgs,
       tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.email')
         = tenant_guard.blind_index(:org_a, 'ada@example.com', 'users.login') AS same_across_contexts;

-- reseal gives a new value under the active key that opens to the same secret.
SELECT tenant_guard.reseal(:org_a, v, 'integrations.refresh_token') <> v AS changed,
       tenant_guard.unseal(:org_a, tenant_guard.reseal(:org_a, v, 'integrations.refresh_token'),
                           'integrations.refresh_token') AS secret
FROM sealed;

-- unseal runs in parallel workers.
CREATE TABLE parallel_sealed AS
SELECT i, tenant_guard.seal(:org_a, 'secret ' || i) AS v FROM generate_series(1, 2000) AS i;
ANALYZE parallel_sealed;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM parallel_sealed WHERE tenant_guard.unseal(:org_a, v) LIKE 'secret 1%';
SELECT count(*) FROM parallel_sealed WHERE tenant_guard.unseal(:org_a, v) LIKE 'secret 1%';
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE parallel_sealed;

-- A key created by a transaction that rolls back is forgotten with it.
BEGIN;
SELECT tenant_guard.seal('0d0d0d0d-0000-4000-8000-00000000000d', 'x') IS NOT NULL AS sealed_in_rolled_back_transaction;
ROLLBACK;
SELECT count(*) AS keys_after_rollback FROM tenant_guard.org_key WHERE org = '0d0d0d0d-0000-4000-8000-00000000000d';
SELECT tenant_guard.unseal('0d0d0d0d-0000-4000-8000-00000000000d',
                           tenant_guard.seal('0d0d0d0d-0000-4000-8000-00000000000d', 'after rollback'));

-- Key material never shows in settings.
SELECT name FROM pg_settings WHERE name LIKE 'tenant_guard.key%' ORDER BY name;
