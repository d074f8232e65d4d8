#!/usr/bin/env bash
# A broken key file at server start: the server still starts, its log says exactly what is
# wrong (never the key), the guard keeps working, and sealing fails clearly until the file is
# fixed and the configuration reloaded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_broken_keys.XXXXXX)
chmod 755 "$work"
# Two keys marked active: one of them is what the server must never print.
{ tg_new_master_key_line k1 active; tg_new_master_key_line k2 active; } >"$work/keys.broken"
TG_KEY_FILE_SOURCE=$work/keys.broken tg_cluster_start "$work/cluster"

log=$work/cluster/run/server.log
tg_expect_contains "the server log says what is wrong with the key file" \
    "WARNING:  tenant_guard: master keys are unusable: ../master.keys: line 2: a second active key (the first is on line 1); exactly one key is active" \
    "$(cat "$log")"
tg_expect_eq "no key from the file is in the log" "0" \
    "$(grep -c -F -f <(awk '{ print $2 }' "$work/keys.broken") "$log" || true)"
tg_psql -q -c "CREATE EXTENSION tenant_guard" >/dev/null
tg_expect_contains "the guard works without usable keys" \
    "ERROR:  tenant table public.unguarded is not isolated by row level security" \
    "$(tg_psql -c "CREATE TABLE unguarded (organization_id uuid)" 2>&1 || true)"
tg_expect_contains "sealing fails with the reason" \
    "DETAIL:  ../master.keys: line 2: a second active key (the first is on line 1); exactly one key is active" \
    "$(tg_psql -c "SELECT tenant_guard.seal(gen_random_uuid(), 'x')" 2>&1 || true)"

# Fixed and reloaded: sealing works without a restart.
head -1 "$work/keys.broken" >"$TG_KEY_FILE"
tg_psql -q -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.3
tg_expect_eq "after a reload, sealing works" "sealed" \
    "$(tg_psql -At -c "SELECT tenant_guard.unseal('9a9a9a9a-0000-4000-8000-00000000009a', tenant_guard.seal('9a9a9a9a-0000-4000-8000-00000000009a', 'sealed'))")"
tg_cluster_stop
trap - EXIT
rm -rf "$work"
tg_report
