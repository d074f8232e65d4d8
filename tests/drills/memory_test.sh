#!/usr/bin/env bash
# Memory drill: one backend sealing and unsealing a million values, across a thousand
# organisations, keeps a flat footprint (private memory of the backend, RssAnon).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cluster.sh"
. "$here/../lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_memory.XXXXXX)
tg_cluster_start "$work"
tg_psql -q -c "CREATE EXTENSION tenant_guard"

rounds=$(tg_psql -q -At -f - <<'SQL'
CREATE TEMP TABLE rss (after bigint, kib bigint);
CREATE FUNCTION pg_temp.rss_anon_kib() RETURNS bigint LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'RssAnon:\s+(\d+)'))[1]::bigint
$$;
CREATE FUNCTION pg_temp.round_trip(n int) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM generate_series(1, n) AS i,
         LATERAL (SELECT ('7a7a7a7a-0000-4000-8000-' || lpad((i % 1000)::text, 12, '0'))::uuid AS org) AS o
    WHERE tenant_guard.unseal(org, tenant_guard.seal(org, 'value ' || i, 'c'), 'c') = 'value ' || i
$$;
SELECT pg_temp.round_trip(100000);
SELECT pg_temp.round_trip(450000);
INSERT INTO rss VALUES (550000, pg_temp.rss_anon_kib());
SELECT pg_temp.round_trip(450000);
INSERT INTO rss VALUES (1000000, pg_temp.rss_anon_kib());
SELECT string_agg(after || ':' || kib, ' ' ORDER BY after) FROM rss;
SQL
)
echo "$rounds"
summary=$(echo "$rounds" | tail -1)
# The first round warms every cache (1,000 org keys, plans, the allocator's arenas); what
# counts is that the second half of the run adds nothing.
first=$(echo "$summary" | tr ' ' '\n' | head -1 | cut -d: -f2)
last=$(echo "$summary" | tr ' ' '\n' | tail -1 | cut -d: -f2)
tg_expect_eq "all 1,000,000 values round-tripped" "100000 450000 450000" "$(echo "$rounds" | head -3 | tr '\n' ' ' | sed 's/ $//')"
growth=$((last - first))
echo "backend RssAnon after 550k values: ${first} KiB, after 1M: ${last} KiB (growth ${growth} KiB)"
# A leak of even 8 bytes a value would add 3.6 MiB over these 450,000 round trips.
tg_expect_eq "private memory grows by less than 1 MiB from 550k to 1M values" "yes" \
    "$([ "$growth" -lt 1024 ] && echo yes || echo "no (${growth} KiB)")"
tg_cluster_stop
trap - EXIT
rm -rf "$work"
tg_report
