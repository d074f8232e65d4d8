-- Master keys: rotation with rewrap, a different key under a known id, broken key sources,
-- the key command, and reloads that pick each change up. The key file is $TG_KEY_FILE
-- (../master.keys from the data folder); every key written here stays in a file beside it,
-- so that regress/run.sh can check that none reached the server log.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
\set org '\'2a2a2a2a-0000-4000-8000-00000000002a\'::uuid'
\set blind '\'2b2b2b2b-0000-4000-8000-00000000002b\'::uuid'
CREATE TABLE mk_values AS
SELECT tenant_guard.seal(:org, 'sealed under k1', 'c') AS v,
       tenant_guard.blind_index(:blind, 'ada@example.com', 'email') AS b;
SELECT key_id, loaded, active, check_value, org_keys > 0 AS wraps_keys
FROM tenant_guard.key_status ORDER BY key_id;

-- Rotate the master key: k1 stays loaded but inactive, k2 becomes active.
\! cp "$TG_KEY_FILE" "$TG_KEY_FILE.k1" && (sed 's/ active$//' "$TG_KEY_FILE.k1"; echo "k2 $(openssl rand -hex 32) active") > "$TG_KEY_FILE.k1k2" && cat "$TG_KEY_FILE.k1k2" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT key_id, loaded, active, check_value, org_keys > 0 AS wraps_keys
FROM tenant_guard.key_status ORDER BY key_id;
SELECT tenant_guard.rewrap_org_keys() AS rewrapped;
SELECT master_key_id, count(*) FROM tenant_guard.org_key GROUP BY 1 ORDER BY 1;
SELECT tenant_guard.rewrap_org_keys() AS nothing_left;

-- k1 can now leave the key file: everything opens under k2.
\! grep -v '^k1 ' "$TG_KEY_FILE.k1k2" > "$TG_KEY_FILE.k2" && cat "$TG_KEY_FILE.k2" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
SELECT b = tenant_guard.blind_index(:blind, 'ada@example.com', 'email') AS blind_index_kept FROM mk_values;
SELECT key_id, loaded, active, check_value FROM tenant_guard.key_status ORDER BY key_id;

-- A different key under id k2 fails closed, for opening and for sealing.
\! echo "k2 $(openssl rand -hex 32) active" > "$TG_KEY_FILE.wrong" && cat "$TG_KEY_FILE.wrong" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
SELECT tenant_guard.seal('2c2c2c2c-0000-4000-8000-00000000002c', 'must not be sealed under the wrong key');
SELECT key_id, check_value FROM tenant_guard.key_status ORDER BY key_id;

-- Broken key files: the error says what is wrong, never the key.
\! cat "$TG_KEY_FILE.k2" > "$TG_KEY_FILE" && chmod 640 "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
-- To the application's role it does not name the key file, its lines or key ids: those stay
-- in the server log.
CREATE ROLE tg_keys_app;
GRANT USAGE ON SCHEMA tenant_guard TO tg_keys_app;
GRANT EXECUTE ON FUNCTION tenant_guard.unseal(uuid, bytea, text) TO tg_keys_app;
GRANT SELECT ON mk_values TO tg_keys_app;
SET ROLE tg_keys_app;
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
RESET ROLE;
\! chmod 600 "$TG_KEY_FILE" && sed 's/ active$//' "$TG_KEY_FILE.k2" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
\! (cat "$TG_KEY_FILE.k2"; cat "$TG_KEY_FILE.k1") > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
\! (cat "$TG_KEY_FILE.k2"; sed 's/^k1/k2/; s/ active$//' "$TG_KEY_FILE.k1") > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
\! sed 's/[0-9a-f]\{8\} active$/ active/' "$TG_KEY_FILE.k2" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
\! rm "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
-- Shredding needs no master key.
SELECT tenant_guard.shred_org('2d2d2d2d-0000-4000-8000-00000000002d') AS nothing_to_shred;

-- The key command: standard output in the key file's format, run from the data folder.
ALTER SYSTEM SET tenant_guard.key_command = 'cat ../master.keys.k2';
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
ALTER SYSTEM SET tenant_guard.key_command = 'cat ../master.keys.k2; exit 3';
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;

-- Back to the key file, fixed: a reload is all it takes.
ALTER SYSTEM RESET tenant_guard.key_command;
\! cat "$TG_KEY_FILE.k2" > "$TG_KEY_FILE" && chmod 600 "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;

-- An org key wrapped under a master key that is no longer loaded: k3 becomes active, k2 is
-- dropped from the file before rewrap_org_keys() ran.
\! (sed 's/ active$//' "$TG_KEY_FILE.k2"; echo "k3 $(openssl rand -hex 32) active") > "$TG_KEY_FILE.k2k3" && grep '^k3 ' "$TG_KEY_FILE.k2k3" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
SELECT tenant_guard.rewrap_org_keys();
\! cat "$TG_KEY_FILE.k2k3" > "$TG_KEY_FILE"
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT tenant_guard.rewrap_org_keys() > 0 AS rewrapped_to_k3;
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
-- A wrapped key that was altered in the table does not unwrap (superusers can write there).
UPDATE tenant_guard.org_key SET wrapped_key = set_byte(wrapped_key, 30, get_byte(wrapped_key, 30) # 1)
WHERE org = :org AND version = 1;
SELECT tenant_guard.unseal(:org, v, 'c') FROM mk_values;
DROP TABLE mk_values;
REVOKE ALL ON SCHEMA tenant_guard FROM tg_keys_app;
REVOKE ALL ON FUNCTION tenant_guard.unseal(uuid, bytea, text) FROM tg_keys_app;
DROP ROLE tg_keys_app;
