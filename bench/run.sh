#!/usr/bin/env bash
# make bench: every benchmark, each next to its peer in the same run (bench/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/lib/cluster.sh"
work=$(mktemp -d /tmp/tenant_guard_bench.XXXXXX)
tg_cluster_start "$work" "shared_buffers = 256MB" "max_parallel_workers_per_gather = 0"
cp "$here/sealing.sql" "$work/run/"
[ "$(id -u)" = 0 ] && chown postgres "$work/run/sealing.sql"
for spec in 32:200000 256:200000 4096:50000 65536:5000; do
    tg_psql -q -v size="${spec%%:*}" -v rows="${spec##*:}" -f "$work/run/sealing.sql"
done
tg_cluster_stop
rm -rf "$work"
