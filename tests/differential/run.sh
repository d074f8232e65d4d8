#!/usr/bin/env bash
# The differential suite: every case is applied, a transaction per file, to a live database
# with the guard, and given to the checker; the two must reach the same verdict. Then each is
# applied in warn mode, and tenant_guard.report() and `tenant-guard report` must draw the same
# isolation matrix.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
checker=$1
shift

work=$(mktemp -d /tmp/tenant_guard_differential.XXXXXX)
tg_cluster_start "$work"
export TG_BIN PGHOST PGPORT PGUSER
status=0
python3 "$here/compare_verdicts.py" "$checker" "$here/../../examples/supabase_shim.sql" \
    "$here"/cases/* "$here"/../../examples/migrations-* || status=1
python3 "$here/compare_reports.py" "$checker" "$here/../../examples/supabase_shim.sql" \
    "$here"/cases/* "$here"/../../examples/migrations-* || status=1
tg_cluster_stop
trap - EXIT
[ $status = 0 ] && rm -rf "$work"
exit $status
