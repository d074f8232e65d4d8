#!/usr/bin/env bash
# make bench: every benchmark, each next to its peer in the same run (bench/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1  # the CMake build folder (crypto_bench)
. "$here/../tests/lib/cluster.sh"
# In memory where the machine has /dev/shm: the guard's migration creates thousands of files,
# and a shared disk's noise would swamp the ratio being measured.
work=$(mktemp -d "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )/tenant_guard_bench.XXXXXX")
tg_cluster_start "$work" "shared_buffers = 256MB" "max_parallel_workers_per_gather = 0"
cp "$here/sealing.sql" "$work/run/"
[ "$(id -u)" = 0 ] && chown postgres "$work/run/sealing.sql"
export TG_BIN
echo "== 1. sealing per row in SQL"
for spec in 32:200000 256:200000 4096:50000 65536:5000; do
    tg_psql -q -v size="${spec%%:*}" -v rows="${spec##*:}" -f "$work/run/sealing.sql"
done
echo "== 2. the OpenSSL floor and core/ on their own"
"$build/crypto_bench" --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
echo "== 3. first seal for a new organisation, first unseal in a fresh backend"
"$here/first_use.sh"
echo "== 4. the checker next to squawk"
"$here/checker_vs_squawk.sh" "$build"
echo "== 5. the guard: a 1,000-table migration with and without the extension"
"$here/guard_migration.sh"
tg_cluster_stop
rm -rf "$work"
