#!/usr/bin/env bash
# Hot standby drill: a streaming replica made with pg_basebackup unseals existing
# organisations' values, sees rotations made on the primary, and refuses, clearly, to create
# the first key of a new organisation.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_standby.XXXXXX)
tg_cluster_start "$work" "wal_level = replica" "max_wal_senders = 4" "hot_standby = on"
standby_data=$work/run/standby
standby_socket=$work/run/standby_socket
stop_both() {
    tg_as_server_user "$TG_BIN/pg_ctl" -D "$standby_data" -m fast -w stop >/dev/null 2>&1 || true
    tg_cluster_stop
}
trap stop_both EXIT

org=5a5a5a5a-0000-4000-8000-00000000005a
tg_psql -q -c "CREATE EXTENSION tenant_guard" \
    -c "CREATE TABLE drill_values AS SELECT tenant_guard.seal('$org', 'sealed on the primary', 'c') AS v"

tg_as_server_user mkdir -p "$standby_socket"
tg_as_server_user "$TG_BIN/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U postgres -D "$standby_data" -R -X stream
tg_as_server_user chmod 700 "$standby_data"
{
    echo "port = 54330"
    echo "unix_socket_directories = '$standby_socket'"
} | tg_as_server_user tee -a "$standby_data/postgresql.conf" >/dev/null
tg_as_server_user "$TG_BIN/pg_ctl" -D "$standby_data" -l "$work/run/standby.log" -w start >/dev/null

on_standby() { tg_as_server_user "$TG_BIN/psql" -X -At -h "$standby_socket" -p 54330 -U postgres -c "$1" 2>&1 || true; }
wait_for_replay() {
    local target
    target=$(tg_psql -At -c "SELECT pg_current_wal_lsn()")
    for _ in $(seq 1 100); do
        [ "$(on_standby "SELECT pg_last_wal_replay_lsn() >= '$target'")" = t ] && return 0
        sleep 0.1
    done
    echo "standby did not catch up" >&2
    return 1
}
wait_for_replay

tg_expect_eq "the standby is in recovery" "t" "$(on_standby "SELECT pg_is_in_recovery()")"
tg_expect_eq "unseal on the standby" "sealed on the primary" \
    "$(on_standby "SELECT tenant_guard.unseal('$org', v, 'c') FROM drill_values")"
tg_expect_eq "seal for an existing organisation on the standby" "sealed on the standby" \
    "$(on_standby "SELECT tenant_guard.unseal('$org', tenant_guard.seal('$org', 'sealed on the standby'))")"
tg_expect_contains "the first seal for a new organisation is refused as read-only" \
    "ERROR:  cannot create a key for organization 5b5b5b5b-0000-4000-8000-00000000005b in a read-only transaction" \
    "$(on_standby "SELECT tenant_guard.seal('5b5b5b5b-0000-4000-8000-00000000005b', 'x')")"

# A rotation on the primary reaches the standby's cached keys through WAL replay.
on_standby "SELECT tenant_guard.sealed_key_version(tenant_guard.seal('$org', 'x'))" >/dev/null
tg_psql -q -c "SELECT tenant_guard.rotate_org_key('$org')" >/dev/null
wait_for_replay
tg_expect_eq "the standby seals with the version rotated on the primary" "2" \
    "$(on_standby "SELECT tenant_guard.sealed_key_version(tenant_guard.seal('$org', 'x'))")"
tg_psql -q -c "SELECT tenant_guard.shred_org('$org')" >/dev/null
wait_for_replay
tg_expect_contains "a shred on the primary reaches the standby" "has been shredded" \
    "$(on_standby "SELECT tenant_guard.unseal('$org', v, 'c') FROM drill_values")"

stop_both
trap - EXIT
rm -rf "$work"
tg_report
