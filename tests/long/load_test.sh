#!/usr/bin/env bash
# Load drill (make test-long): pgbench, 8 clients for DURATION seconds (default 60), sealing
# and unsealing for 1,000 organisations with new ones appearing during the run, while
# rotate_org_key runs for some of them and, half-way, the master key is rotated (key file
# changed, reload, rewrap_org_keys). Zero errors, and afterwards every stored value unseals to
# what was sealed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"
duration=${DURATION:-60}

work=$(mktemp -d /tmp/tenant_guard_load.XXXXXX)
tg_cluster_start "$work" "max_connections = 50"
tg_psql -q -f - <<'SQL'
CREATE EXTENSION tenant_guard;
CREATE TABLE stored (id bigserial PRIMARY KEY, org uuid NOT NULL, plaintext text NOT NULL, v bytea NOT NULL);
-- 1,000 organisations exist before the run; the run draws from 1,200, so 200 appear during it.
INSERT INTO stored (org, plaintext, v)
SELECT org, 'seed ' || i, tenant_guard.seal(org, 'seed ' || i, 'load')
FROM generate_series(1, 1000) AS i,
     LATERAL (SELECT ('8a8a8a8a-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid AS org) AS o;
SQL

cat >"$work/run/seal.pgbench" <<'PGB'
\set n random(1, 1200)
INSERT INTO stored (org, plaintext, v)
SELECT org, p, tenant_guard.seal(org, p, 'load')
FROM (SELECT ('8a8a8a8a-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid AS org, md5(random()::text) AS p) AS s;
PGB
cat >"$work/run/unseal.pgbench" <<'PGB'
\set id random(1, 1000)
-- A value that does not unseal to what was sealed fails the client: division by zero.
SELECT 1 / (tenant_guard.unseal(org, v, 'load') = plaintext)::int FROM stored WHERE id = :id;
PGB
cat >"$work/run/rotate.pgbench" <<'PGB'
\set n random(1, 1000)
SELECT tenant_guard.rotate_org_key(('8a8a8a8a-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid);
PGB
[ "$(id -u)" = 0 ] && chown postgres "$work"/run/*.pgbench

rotate_master_key_half_way() {
    sleep $((duration / 2))
    { cat "$TG_KEY_FILE" | sed 's/ active$//'; tg_new_master_key_line k2 active; } >"$work/run/keys.k1k2"
    cat "$work/run/keys.k1k2" >"$TG_KEY_FILE"
    tg_psql -q -At -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
    echo "master key rotated; org keys rewrapped: $(tg_psql -At -c 'SELECT tenant_guard.rewrap_org_keys()')"
}
rotate_master_key_half_way &
rotator=$!

set +e
tg_as_server_user "$TG_BIN/pgbench" -h "$PGHOST" -p "$PGPORT" -U postgres -n -c 8 -j 2 -T "$duration" \
    -f "$work/run/seal.pgbench@5" -f "$work/run/unseal.pgbench@5" -f "$work/run/rotate.pgbench@1" \
    postgres >"$work/pgbench.log" 2>&1
pgbench_status=$?
set -e
wait "$rotator"
cat "$work/pgbench.log" | grep -E "transactions actually processed|failed|tps|aborted|ERROR" | head -20

tg_expect_eq "pgbench finished without an aborted client" "0" "$pgbench_status"
tg_expect_eq "no error in the pgbench log" "0" "$(grep -c ERROR "$work/pgbench.log" || true)"
# Backends that had not yet reloaded when the rewrap ran may have wrapped new keys under k1.
tg_psql -q -At -c "SELECT tenant_guard.rewrap_org_keys()" >/dev/null
tg_expect_eq "every org key is wrapped under the new master key" "k2" \
    "$(tg_psql -At -c "SELECT string_agg(DISTINCT master_key_id, ',') FROM tenant_guard.org_key")"
tg_expect_eq "more than 1,000 organisations have keys" "t" \
    "$(tg_psql -At -c "SELECT count(DISTINCT org) > 1000 FROM tenant_guard.org_key")"
tg_expect_eq "every stored value unseals to what was sealed" "0" \
    "$(tg_psql -At -c "SELECT count(*) FROM stored WHERE tenant_guard.unseal(org, v, 'load') IS DISTINCT FROM plaintext")"
echo "values stored: $(tg_psql -At -c 'SELECT count(*) FROM stored'), key versions: $(tg_psql -At -c "SELECT count(*) FROM tenant_guard.org_key WHERE purpose = 'seal'")"
tg_cluster_stop
trap - EXIT
rm -rf "$work"
tg_report
