#!/usr/bin/env bash
# The HTML isolation report in headless Chromium, from both sources: `tenant-guard report` on
# the fixture migrations, and tenant_guard.report('html') on a database that ran them (guard in
# warn mode, so that the unisolated tables exist) plus org keys in every state. Each page must
# show the matrix of expected_matrix.json, legibly (check_report.js).
#
# usage: run.sh CHECKER [SCREENSHOT.png]   the screenshot is of the database's page
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
checker=$1
screenshot=${2:-}
if [ ! -x /usr/bin/chromium ]; then
    echo "not ok - Debian's chromium is not installed (make deps installs it)" >&2
    exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)
fi

work=$(mktemp -d /tmp/tenant_guard_report.XXXXXX)
chmod 755 "$work"  # the server user reaches its cluster through it
"$checker" report --format html -o "$work/from-migrations.html" "$here/migrations"

tg_cluster_start "$work/cluster"
tg_psql -q -c "CREATE EXTENSION tenant_guard"
for migration in "$here"/migrations/*.sql; do
    tg_psql -q -o /dev/null -1 -c "SET LOCAL tenant_guard.mode = warn" -c "SET client_min_messages = error" \
        -f - <"$migration"
done
tg_psql -q -o /dev/null <<'SQL'
SELECT tenant_guard.seal('3a3a3a3a-0000-4000-8000-00000000003a', 'x');
SELECT tenant_guard.rotate_org_key('3a3a3a3a-0000-4000-8000-00000000003a');
SELECT tenant_guard.seal('3b3b3b3b-0000-4000-8000-00000000003b', 'x');
SELECT tenant_guard.shred_org('3b3b3b3b-0000-4000-8000-00000000003b');
SQL
tg_psql -A -t -c "SELECT tenant_guard.report('html')" >"$work/from-database.html"
tg_cluster_stop

status=0
node "$here/check_report.js" "$work/from-migrations.html" "$here/expected_matrix.json" || status=1
node "$here/check_report.js" "$work/from-database.html" "$here/expected_matrix.json" ${screenshot:+"$screenshot"} ||
    status=1
if [ $status = 0 ]; then
    rm -rf "$work"
else
    echo "report: FAILED (pages kept in $work)" >&2
fi
exit $status
