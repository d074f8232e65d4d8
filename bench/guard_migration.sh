#!/usr/bin/env bash
# The guard's cost (bench/README.md item 5), on the running cluster: a migration of TABLES
# tables (each with RLS and four policies, a transaction per table) applied to a database with
# the extension and to one without, alternately, ROUNDS times; the medians and their ratio.
set -euo pipefail
. "$(dirname "$0")/../tests/lib/cluster.sh"  # tg_psql; TG_BIN, PGHOST and PGPORT come from bench/run.sh
tables=${TABLES:-1000}
rounds=${ROUNDS:-5}
migration=$(mktemp /tmp/tenant_guard_migration.XXXXXX.sql)
chmod 644 "$migration"
for i in $(seq "$tables"); do
    cat <<SQL
BEGIN;
CREATE TABLE t$i (id bigint PRIMARY KEY, organization_id uuid NOT NULL, body text);
ALTER TABLE t$i ENABLE ROW LEVEL SECURITY;
CREATE POLICY t${i}_select ON t$i FOR SELECT USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY t${i}_insert ON t$i FOR INSERT WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY t${i}_update ON t$i FOR UPDATE USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY t${i}_delete ON t$i FOR DELETE USING (organization_id = current_setting('app.organization_id')::uuid);
COMMIT;
SQL
done >"$migration"

apply_once() {  # DATABASE WITH_EXTENSION: prints the seconds the migration took
    tg_psql -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1
    [ "$2" = yes ] && tg_psql -q -d "$1" -c "CREATE EXTENSION tenant_guard" >/dev/null
    local started ended
    started=$(date +%s.%N)
    tg_psql -q -d "$1" -f "$migration" >/dev/null || { echo "the migration failed" >&2; exit 1; }
    ended=$(date +%s.%N)
    awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.3f\n", b - a }'
}
with=() without=()
for _ in $(seq "$rounds"); do
    without+=("$(apply_once bench_plain no)")
    with+=("$(apply_once bench_guarded yes)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
m_with=$(median "${with[@]}")
m_without=$(median "${without[@]}")
echo "guard: ${tables}-table migration, median of $rounds: ${m_without}s without the extension, ${m_with}s with it, ratio $(awk -v a="$m_with" -v b="$m_without" 'BEGIN { printf "%.3f", a / b }')"
tg_psql -q -c "DROP DATABASE bench_plain" -c "DROP DATABASE bench_guarded" >/dev/null
rm -f "$migration"
