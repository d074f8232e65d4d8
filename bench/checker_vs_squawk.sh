#!/usr/bin/env bash
# The checker next to squawk (bench/README.md item 4): every folder of ../shared/corpus and a
# generated history of 2,000 files and ~50 MB, as MB/s each and the ratio (median of RUNS),
# the checker's peak memory, and --baseline on a generated dump of 5,000 tables.
#   bench/checker_vs_squawk.sh path/to/tenant-guard
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
checker=$1
runs=${RUNS:-3}
corpus=${CORPUS:-$here/../../shared/corpus}
squawk_dir=$here/.squawk
squawk=$squawk_dir/node_modules/.bin/squawk
if [ ! -x "$squawk" ]; then
    mkdir -p "$squawk_dir"
    (cd "$squawk_dir" && npm install --silent --no-audit --no-fund squawk-cli@2.66.0 >/dev/null)
fi
work=$(mktemp -d /tmp/tenant_guard_checker_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
seconds_of() {  # COMMAND...: wall seconds, peak KiB (GNU time; findings make both exit 1)
    local started ended
    started=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null 2>&1 || true
    ended=$(date +%s.%N)
    echo "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.4f", b - a }') $(tail -1 "$work/time")"
}
measure() {  # LABEL FILE_LIST
    local label=$1 list=$2 bytes tg sq tg_kib
    bytes=$(xargs -a "$list" -d '\n' cat | wc -c)
    tg=$(for _ in $(seq "$runs"); do seconds_of xargs -a "$list" -d '\n' "$checker" check --fail-on never --format json; done)
    sq=$(for _ in $(seq "$runs"); do seconds_of xargs -a "$list" -d '\n' "$squawk" --reporter json; done)
    tg_kib=$(echo "$tg" | awk '{ print $2 }' | sort -n | tail -1)
    tg=$(echo "$tg" | awk '{ print $1 }' | median)
    sq=$(echo "$sq" | awk '{ print $1 }' | median)
    awk -v l="$label" -v b="$bytes" -v t="$tg" -v s="$sq" -v m="$tg_kib" 'BEGIN {
        tm = (t > 0 ? b / t / 1e6 : 0); sm = (s > 0 ? b / s / 1e6 : 0)
        printf "%-44s %9.2f MB %8.3fs %8.1f MB/s %8.3fs %8.1f MB/s %6.2fx %7.0f MB\n", l, b / 1e6, t, tm, s, sm, (t > 0 ? s / t : 0), m / 1024 }'
}
printf "%-44s %12s %9s %13s %9s %13s %7s %10s\n" "input" "size" "checker" "" "squawk" "" "ratio" "peak mem"
for folder in "$corpus"/*/; do
    find "$folder" -name '*.sql' | sort >"$work/list"
    measure "corpus/$(basename "$folder")" "$work/list"
done
find "$corpus" -name '*.sql' | sort >"$work/list"
measure "corpus (all)" "$work/list"
python3 "$here/generate_history.py" "$work/history"
find "$work/history" -name '*.sql' | sort >"$work/list"
measure "generated: 2,000 files" "$work/list"

python3 "$here/generate_history.py" "$work/dump.sql" --dump-tables 5000
mkdir -p "$work/one" && printf 'alter table public.d1 add column extra text;\n' >"$work/one/001.sql"
baseline=$(for _ in $(seq "$runs"); do seconds_of "$checker" check --fail-on never --baseline "$work/dump.sql" "$work/one"; done)
echo "--baseline with 5,000 tables ($(wc -c <"$work/dump.sql") bytes): $(echo "$baseline" | awk '{ print $1 }' | median)s, peak $(echo "$baseline" | awk '{ print $2 }' | sort -n | tail -1) KiB"
