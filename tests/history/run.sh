#!/usr/bin/env bash
# The real-history differential (tests/history/compare_history.py): the Supabase and Prisma
# histories of ../shared/corpus, read in place, applied to a live database with the guard and
# given to the checker file by file. The corpus is data outside the repository: without it the
# suite is skipped, and says so.
#
#   tests/history/run.sh CHECKER [PROJECT...]     (TG_CORPUS: another corpus folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
checker=$1
shift
corpus=${TG_CORPUS:-$here/../../../shared/corpus}
if [ ! -d "$corpus/stubs" ]; then
    echo "SKIPPED (not passed): tests/history needs the migration corpus at $corpus (or TG_CORPUS)"
    exit 0
fi
corpus=$(cd "$corpus" && pwd)
. "$here/../lib/cluster.sh"

started=$(date +%s)
work=$(mktemp -d /tmp/tenant_guard_history.XXXXXX)
tg_cluster_start "$work"
# chatbot-ui creates the vector and http extensions, which Debian 12 does not package: the stubs
# go into the cluster's private stage, beside tenant_guard.
cp "$here"/stub_extensions/*.control "$here"/stub_extensions/*.sql "$work/stage$(pg_config --sharedir)/extension/"
export TG_BIN PGHOST PGPORT PGUSER
status=0
tg_psql -q -f - <"$corpus/stubs/supabase_roles.sql" || status=1
[ $status = 0 ] && { python3 "$here/compare_history.py" "$checker" "$corpus" "$@" || status=1; }
tg_cluster_stop
trap - EXIT
[ $status = 0 ] && rm -rf "$work"
echo "# tests/history took $(($(date +%s) - started)) s"
exit $status
