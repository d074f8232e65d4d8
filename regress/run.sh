#!/usr/bin/env bash
# pg_regress and isolation suites against a throwaway cluster with tenant_guard preloaded.
# Every regress/sql/*.sql and regress/specs/*.spec runs, in name order. The cluster is stopped
# on exit, pass or fail; its folder is kept on failure so that regression.diffs can be read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/cluster.sh"

work=$(mktemp -d /tmp/tenant_guard_regress.XXXXXX)
tg_cluster_start "$work" "log_min_messages = debug5" "log_statement = all"
# Test-only extensions (regress/fixtures) go into the stage, never into a real installation.
cp "$here"/fixtures/*.control "$here"/fixtures/*.sql "$TG_DIR/stage$(pg_config --sharedir)/extension/"
cp -r "$here" "$work/run/suite"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/run/suite"
export TG_KEY_FILE

pgxs=$(dirname "$(pg_config --pgxs)")/..
tests=$(cd "$here/sql" && ls *.sql 2>/dev/null | sed 's/\.sql$//')
specs=$(cd "$here/specs" && ls *.spec 2>/dev/null | sed 's/\.spec$//')
status=0
suite=$work/run/suite
cd "$suite"
if [ -n "$tests" ]; then
    tg_as_server_user env TG_KEY_FILE="$TG_KEY_FILE" TG_RUN_DIR="$work/run" \
        "$pgxs/test/regress/pg_regress" --bindir="$TG_BIN" --host="$PGHOST" --port="$PGPORT" \
        --inputdir="$suite" --outputdir="$suite/out" --dbname=contrib_regression $tests || status=1
fi
if [ -n "$specs" ]; then
    tg_as_server_user env TG_KEY_FILE="$TG_KEY_FILE" \
        "$pgxs/test/isolation/pg_isolation_regress" --bindir="$TG_BIN" --host="$PGHOST" \
        --port="$PGPORT" --inputdir="$suite" --outputdir="$suite/out_isolation" \
        --dbname=isolation_regression $specs || status=1
fi
tg_cluster_stop
if [ $status != 0 ]; then
    cat out/regression.diffs out_isolation/regression.diffs 2>/dev/null | head -200 >&2
    echo "regress: FAILED (cluster, logs and diffs kept in $work)" >&2
    exit 1
fi
# The server log of a whole run at debug5 with every statement logged must hold no key.
if grep -F -f <(grep -Eo '[0-9a-fA-F]{64}' "$TG_KEY_FILE"* 2>/dev/null | sed 's/.*://') \
        "$work/run/server.log" >/dev/null 2>&1; then
    echo "regress: FAILED: a master key appears in the server log ($work/run/server.log)" >&2
    exit 1
fi
rm -rf "$work"
echo "regress: all suites passed"
