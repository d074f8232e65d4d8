-- Per-row cost of sealing in SQL next to its peers, one session, one server (bench/README.md).
-- psql -v size=32 -v rows=200000 -f sealing.sql
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
DROP TABLE IF EXISTS bench_rows;
-- Stored without compression, so that every function pays the same fetch for a value and
-- none pays a decompression that another does not (large values still live out of line).
CREATE TABLE bench_rows (org uuid, payload bytea, sealed bytea, cbc bytea, pgp bytea);
ALTER TABLE bench_rows ALTER payload SET STORAGE EXTERNAL, ALTER sealed SET STORAGE EXTERNAL,
    ALTER cbc SET STORAGE EXTERNAL, ALTER pgp SET STORAGE EXTERNAL;
INSERT INTO bench_rows (org, payload)
SELECT 'b0b0b0b0-0000-4000-8000-000000000001'::uuid, convert_to(rpad(i::text, :size, 'x'), 'UTF8')
FROM generate_series(1, :rows) AS i;
UPDATE bench_rows SET sealed = tenant_guard.seal(org, payload, 'bench'),
                      cbc = encrypt(payload, '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'aes-cbc'),
                      pgp = pgp_sym_encrypt_bytea(payload, 'bench passphrase', 's2k-mode=0');
VACUUM ANALYZE bench_rows;

-- Median over runs of one query, as microseconds a row.
CREATE OR REPLACE FUNCTION pg_temp.per_row(query text, runs int DEFAULT 7) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    times double precision[] := '{}';
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM bench_rows;
    EXECUTE query;  -- warm caches and keys
    FOR i IN 1 .. runs LOOP
        started := clock_timestamp();
        EXECUTE query;
        times := times || extract(epoch FROM clock_timestamp() - started);
    END LOOP;
    RETURN round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t)::numeric
                 * 1e6 / n, 3);
END $$;

CREATE TEMP TABLE results AS
SELECT name, pg_temp.per_row(query) AS us_per_row FROM (VALUES
    ('floor: octet_length', 'SELECT sum(octet_length(payload)) FROM bench_rows'),
    ('floor: get_byte (reads the value)', 'SELECT sum(get_byte(payload, 0)) FROM bench_rows'),
    ('tenant_guard.seal', 'SELECT sum(octet_length(tenant_guard.seal(org, payload, ''bench''))) FROM bench_rows'),
    ('tenant_guard.unseal', 'SELECT sum(octet_length(tenant_guard.unseal_bytea(org, sealed, ''bench''))) FROM bench_rows'),
    ('tenant_guard.reseal', 'SELECT sum(octet_length(tenant_guard.reseal(org, sealed, ''bench''))) FROM bench_rows'),
    ('tenant_guard.blind_index', 'SELECT sum(octet_length(tenant_guard.blind_index(org, convert_from(payload, ''UTF8''), ''bench''))) FROM bench_rows'),
    ('pgcrypto encrypt aes-cbc', 'SELECT sum(octet_length(encrypt(payload, ''\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'', ''aes-cbc''))) FROM bench_rows'),
    ('pgcrypto decrypt aes-cbc', 'SELECT sum(octet_length(decrypt(cbc, ''\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'', ''aes-cbc''))) FROM bench_rows'),
    ('pgcrypto pgp_sym_encrypt', 'SELECT sum(octet_length(pgp_sym_encrypt_bytea(payload, ''bench passphrase'', ''s2k-mode=0''))) FROM bench_rows'),
    ('pgcrypto pgp_sym_decrypt', 'SELECT sum(octet_length(pgp_sym_decrypt_bytea(pgp, ''bench passphrase''))) FROM bench_rows'),
    ('pgcrypto hmac sha256', 'SELECT sum(octet_length(hmac(payload, ''bench key'', ''sha256''))) FROM bench_rows')
) AS q(name, query);

\echo
\echo Per-row cost at :size bytes, :rows rows, median of 7 runs:
SELECT name, us_per_row,
       round(us_per_row / (SELECT us_per_row FROM results WHERE name = 'floor: octet_length'), 2) AS x_floor
FROM results ORDER BY name;
SELECT round((SELECT us_per_row FROM results WHERE name = 'tenant_guard.seal')
           / (SELECT us_per_row FROM results WHERE name = 'pgcrypto encrypt aes-cbc'), 2) AS seal_vs_encrypt,
       round((SELECT us_per_row FROM results WHERE name = 'tenant_guard.unseal')
           / (SELECT us_per_row FROM results WHERE name = 'pgcrypto decrypt aes-cbc'), 2) AS unseal_vs_decrypt;
DROP TABLE bench_rows;
