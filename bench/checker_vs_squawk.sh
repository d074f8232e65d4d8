#!/usr/bin/env bash
# The checker next to its peers (bench/README.md item 4), on every folder of ../shared/corpus,
# on the whole corpus, and on a generated history of 2,000 files and ~50 MB:
#   - squawk's native binary (npm squawk-cli 2.66.0, installed into bench/.squawk on first
#     use) on the same files: the checker should be at least 5x as fast (aim 6x);
#   - parse_peer, pg_query_raw_parse alone on one thread over the same units the checker
#     parses (psql meta-commands blanked), timed in process: the checker should take at most
#     1.5x its time;
# with the checker's peak memory (goal: under 100 MB), medians of RUNS; then --baseline on a
# generated dump of 5,000 tables. Every tool gets the same files as one argument list.
#   bench/checker_vs_squawk.sh path/to/build   (the CMake build folder: tenant-guard, parse_peer)
# CHECKER=path/to/another/tenant-guard measures that one against the same peers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
checker=${CHECKER:-$build/tenant-guard}
peer=$build/parse_peer
runs=${RUNS:-5}
corpus=${CORPUS:-$here/../../shared/corpus}
squawk_dir=$here/.squawk
squawk=$squawk_dir/node_modules/@squawk-cli/linux-x64/bin/squawk
if [ ! -x "$squawk" ]; then
    mkdir -p "$squawk_dir"
    (cd "$squawk_dir" && npm install --silent --no-audit --no-fund squawk-cli@2.66.0 >/dev/null)
fi
work=$(mktemp -d /tmp/tenant_guard_checker_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
seconds_of() {  # COMMAND...: wall seconds, peak KiB (GNU time; findings make both exit non-zero)
    local started ended
    started=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>&1 || true
    ended=$(date +%s.%N)
    echo "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.4f", b - a }') $(tail -1 "$work/time")"
}
# One process per tool for the whole list (xargs would cut it at 128 KiB by default).
each=(xargs -d '\n' -s 1000000 -a)
measure() {  # LABEL FILE_LIST
    local label=$1 list=$2 bytes tg sq pp tg_kib
    bytes=$("${each[@]}" "$list" cat | wc -c)
    tg="" sq="" pp=""
    # Interleaved, so that a disturbance of the machine hits all three alike.
    for _ in $(seq "$runs"); do
        tg+="$(seconds_of "${each[@]}" "$list" "$checker" check --fail-on never --format json)"$'\n'
        sq+="$(seconds_of "${each[@]}" "$list" "$squawk" --reporter json)"$'\n'
        pp+="$("$peer" "$list" | awk '{ print $1 }')"$'\n'
    done
    tg_kib=$(echo "$tg" | awk 'NF { print $2 }' | sort -n | tail -1)
    tg=$(echo "$tg" | awk 'NF { print $1 }' | median)
    sq=$(echo "$sq" | awk 'NF { print $1 }' | median)
    pp=$(echo "$pp" | awk 'NF { print $1 }' | median)
    awk -v l="$label" -v b="$bytes" -v t="$tg" -v s="$sq" -v p="$pp" -v m="$tg_kib" 'BEGIN {
        printf "%-40s %8.2f MB %8.3fs %7.1f MB/s %8.3fs %6.2fx %8.3fs %6.2fx %6.0f MB\n",
            l, b / 1e6, t, (t > 0 ? b / t / 1e6 : 0), s, (t > 0 ? s / t : 0), p, (p > 0 ? t / p : 0), m / 1024 }'
}
printf "%-40s %11s %9s %12s %9s %7s %9s %7s %9s\n" "input" "size" "checker" "" "squawk" "ratio" \
    "raw parse" "ratio" "peak mem"
printf "%-40s %11s %9s %12s %9s %7s %9s %7s %9s\n" "" "" "" "" "(native)" "sq/tg" "1 thread" "tg/raw" "checker"
for folder in "$corpus"/*/; do
    find "$folder" -name '*.sql' | sort >"$work/list"
    measure "corpus/$(basename "$folder")" "$work/list"
done
find "$corpus" -name '*.sql' | sort >"$work/list"
measure "corpus (all, one process each)" "$work/list"
python3 "$here/generate_history.py" "$work/history"
find "$work/history" -name '*.sql' | sort >"$work/list"
measure "generated: 2,000 files" "$work/list"
echo "goals: squawk/checker >= 5 (aim 6), checker/raw parse <= 1.5, checker peak < 100 MB"

python3 "$here/generate_history.py" "$work/dump.sql" --dump-tables 5000
mkdir -p "$work/one" && printf 'alter table public.d1 add column extra text;\n' >"$work/one/001.sql"
baseline=$(for _ in $(seq "$runs"); do seconds_of "$checker" check --fail-on never --baseline "$work/dump.sql" "$work/one"; done)
echo "--baseline with 5,000 tables ($(wc -c <"$work/dump.sql") bytes): $(echo "$baseline" | awk '{ print $1 }' | median)s, peak $(echo "$baseline" | awk '{ print $2 }' | sort -n | tail -1) KiB"
