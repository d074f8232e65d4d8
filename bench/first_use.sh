#!/usr/bin/env bash
# Latencies (bench/README.md item 3), on the running cluster (tests/lib/cluster.sh):
#  - the first seal for a new organisation (key created, wrapped and stored),
#  - a later seal for the same organisation,
#  - the first unseal in a fresh backend (master keys read, org key unwrapped).
# Each a median of many samples, timed inside the backend with clock_timestamp().
set -euo pipefail
. "$(dirname "$0")/../tests/lib/cluster.sh"  # tg_psql; TG_BIN, PGHOST and PGPORT come from bench/run.sh
samples=${SAMPLES:-25}

tg_psql -q -c "CREATE EXTENSION IF NOT EXISTS tenant_guard" >/dev/null 2>&1
tg_psql -q -At -f - <<'SQL'
DROP TABLE IF EXISTS first_use_value;
CREATE TABLE first_use_value AS
SELECT 'c0c0c0c0-0000-4000-8000-000000000001'::uuid AS org,
       tenant_guard.seal('c0c0c0c0-0000-4000-8000-000000000001', 'bench', 'c') AS v;
DO $$
DECLARE
    started timestamptz;
    first_seal double precision[] := '{}';
    later_seal double precision[] := '{}';
    org uuid;
BEGIN
    FOR i IN 1 .. 200 LOOP
        org := gen_random_uuid();
        started := clock_timestamp();
        PERFORM tenant_guard.seal(org, 'first');
        first_seal := first_seal || extract(epoch FROM clock_timestamp() - started);
        started := clock_timestamp();
        PERFORM tenant_guard.seal(org, 'second');
        later_seal := later_seal || extract(epoch FROM clock_timestamp() - started);
    END LOOP;
    RAISE NOTICE 'first seal for a new organisation: % ms (median of 200)',
        round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(first_seal) t)::numeric * 1000, 3);
    RAISE NOTICE 'later seal for that organisation:  % ms (median of 200)',
        round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(later_seal) t)::numeric * 1000, 3);
END $$;
SQL
times=()
for _ in $(seq "$samples"); do
    times+=("$(tg_psql -q -At -c "DO \$\$ DECLARE started timestamptz := clock_timestamp(); BEGIN
        PERFORM tenant_guard.unseal(org, v, 'c') FROM first_use_value;
        RAISE NOTICE '%', extract(epoch FROM clock_timestamp() - started) * 1000; END \$\$" 2>&1 | sed 's/NOTICE:  //')")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$samples" \
    '{ t[NR] = $1 } END { printf "NOTICE:  first unseal in a fresh backend:       %.3f ms (median of %d)\n", t[int((n + 1) / 2)], n }'
