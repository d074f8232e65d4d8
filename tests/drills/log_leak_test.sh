#!/usr/bin/env bash
# Key leaks: with log_statement = all and log_min_messages = debug5, sealing, unsealing, every
# error path, rotation, shredding, rewrapping and re-sealing leave no master key, no org key
# and no sealed plaintext in the server log. The plaintexts are made inside the server, so that
# no statement text carries them; the org keys are unwrapped by an independent implementation
# of docs/format.md (Python's cryptography) to know what to look for.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_log_leak.XXXXXX)
tg_cluster_start "$work" "log_min_messages = debug5" "log_statement = all" \
    "log_min_error_statement = debug5" "log_error_verbosity = verbose"
# Errors are the point here: psql goes on after each one.
tg_psql -q -v ON_ERROR_STOP=0 -f - >/dev/null 2>&1 <<'SQL'
CREATE EXTENSION tenant_guard;
CREATE TABLE secrets AS
SELECT ('c1c1c1c1-0000-4000-8000-' || lpad((i % 4)::text, 12, '0'))::uuid AS org,
       'plaintext-' || md5(random()::text) AS plain
FROM generate_series(1, 40) AS i;
ALTER TABLE secrets ADD COLUMN sealed bytea;
UPDATE secrets SET sealed = tenant_guard.seal(org, plain, 'secrets.plain');
SELECT count(tenant_guard.unseal(org, sealed, 'secrets.plain')) FROM secrets;
SELECT count(tenant_guard.blind_index(org, plain, 'secrets.plain')) FROM secrets;
SELECT tenant_guard.rotate_org_key('c1c1c1c1-0000-4000-8000-000000000001');
UPDATE secrets SET sealed = tenant_guard.reseal(org, sealed, 'secrets.plain');
-- Every failure a value can cause, each in its own statement so that each is logged.
SELECT tenant_guard.unseal(org, sealed, 'another.context') FROM secrets LIMIT 1;
SELECT tenant_guard.unseal('c1c1c1c1-0000-4000-8000-000000000002', sealed, 'secrets.plain') FROM secrets WHERE org <> 'c1c1c1c1-0000-4000-8000-000000000002' LIMIT 1;
SELECT tenant_guard.unseal(org, set_byte(sealed, 20, get_byte(sealed, 20) # 1), 'secrets.plain') FROM secrets LIMIT 1;
SELECT tenant_guard.unseal(org, substr(sealed, 1, 30), 'secrets.plain') FROM secrets LIMIT 1;
SELECT tenant_guard.unseal(org, set_byte(sealed, 5, 77), 'secrets.plain') FROM secrets LIMIT 1;
SELECT tenant_guard.unseal_bytea(org, sealed, 'secrets.plain') FROM secrets LIMIT 1;
SELECT tenant_guard.shred_org('c1c1c1c1-0000-4000-8000-000000000003');
SELECT tenant_guard.unseal(org, sealed, 'secrets.plain') FROM secrets WHERE org = 'c1c1c1c1-0000-4000-8000-000000000003' LIMIT 1;
SQL
# A master key rotation with rewrap.
{ sed 's/ active$//' "$TG_KEY_FILE"; tg_new_master_key_line k2 active; } >"$work/run/keys.k1k2"
cp "$TG_KEY_FILE" "$work/run/keys.k1"
cat "$work/run/keys.k1k2" >"$TG_KEY_FILE"
tg_psql -q -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.3
tg_psql -q -c "SELECT tenant_guard.rewrap_org_keys()" >/dev/null
tg_psql -q -c "SELECT count(tenant_guard.unseal(org, sealed, 'secrets.plain')) FROM secrets WHERE org <> 'c1c1c1c1-0000-4000-8000-000000000003'" >/dev/null

tg_psql -At -c "SELECT plain FROM secrets" >"$work/plaintexts"
tg_psql -At -c "SELECT org || '|' || purpose || '|' || version || '|' || master_key_id || '|' || wrapped_key
                FROM tenant_guard.org_key WHERE state <> 'destroyed'" \
    | python3 "$here/unwrap_org_keys.py" "$work/run/keys.k1k2" >"$work/org_keys"
awk '{ print $2 }' "$work/run/keys.k1k2" | grep -E '^[0-9a-f]{64}$' >"$work/master_keys"
tg_cluster_stop
trap - EXIT

log=$work/run/server.log
tg_expect_eq "the log is at debug5 with every statement" "yes" \
    "$(grep -q 'DEBUG: ' "$log" && grep -q 'statement: SELECT tenant_guard.shred_org' "$log" && echo yes)"
tg_expect_eq "40 plaintexts to look for" "40" "$(wc -l <"$work/plaintexts")"
tg_expect_eq "every live org key unwrapped independently" "yes" \
    "$([ "$(wc -l <"$work/org_keys")" -ge 4 ] && echo yes)"
tg_expect_eq "both master keys to look for" "2" "$(wc -l <"$work/master_keys")"
tg_expect_eq "no sealed plaintext in the server log" "0" "$(grep -c -F -f "$work/plaintexts" "$log" || true)"
tg_expect_eq "no org key in the server log (hex)" "0" "$(grep -c -i -F -f "$work/org_keys" "$log" || true)"
tg_expect_eq "no master key in the server log (hex)" "0" "$(grep -c -i -F -f "$work/master_keys" "$log" || true)"
rm -rf "$work"
tg_report
