#!/usr/bin/env bash
# Golden cases of the checker. Each folder under tests/golden/ holds migration files (usually
# in migrations/), an optional `args` file (the arguments after `tenant-guard check`, default
# `migrations`), and the expected output of each format it tests: expected.txt (text, with
# standard error and the exit status appended), expected.json, and optionally
# expected.sarif and expected.github. The binary runs inside the case folder, so paths in
# the output are relative.
#
# A case written in a newer PostgreSQL's syntax has a `min-grammar` file (the major version,
# e.g. 17); one that asserts an older grammar's behaviour, a `max-grammar` file. The runner
# reads the grammar the binary parses from its --version and skips, saying so, a case outside
# its range. Expected files are recorded with the case's min-grammar (15 without one); the
# checker names its grammar in a few messages (syntax-error's hint and summary), and those
# names are read as the recorded grammar before comparing.
#
#   tests/golden/run.sh [--update] path/to/tenant-guard [case...]
#
# --update rewrites the expected files from the current output (review the diff!).
# Exits non-zero on any mismatch; the last line is "N passed, N failed" (", N skipped" when
# some are).
set -u

update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
if [ $# -lt 1 ]; then echo "usage: $0 [--update] path/to/tenant-guard [case...]" >&2; exit 2; fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -gt 0 ]; then cases=("$@"); else cases=(); for d in "$here"/*/; do cases+=("$(basename "$d")"); done; fi

grammar=$("$binary" --version | sed -n "s/.*parses PostgreSQL \([0-9]*\).*/\1/p" | head -1)
if [ -z "$grammar" ]; then echo "$0: $binary --version does not name the grammar it parses" >&2; exit 2; fi

passed=0
failed=0
skipped=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_format() {  # case_dir format expected_file recorded_grammar
    local dir=$1 format=$2 expected=$3 recorded=$4 actual=$scratch/actual
    local args="migrations"
    [ -f "$dir/args" ] && args=$(cat "$dir/args")
    (
        cd "$dir" || exit 99
        # shellcheck disable=SC2086
        if [ "$format" = text ]; then
            NO_COLOR=1 "$binary" check --format text $args 2>&1
            echo "[exit $?]"
        else
            "$binary" check --format "$format" $args 2>/dev/null
        fi
    ) | sed "s/PostgreSQL $grammar\('s parser\|'s own parser\|'s grammar\| grammar)\)/PostgreSQL $recorded\1/g" > "$actual"
    if [ "$format" = sarif ] && command -v python3 >/dev/null; then
        python3 "$here/../lib/check_sarif.py" "$actual" || { echo "FAIL $(basename "$dir") sarif structure"; return 1; }
    fi
    if [ $update = 1 ]; then cp "$actual" "$dir/$expected"; return 0; fi
    if ! diff -u "$dir/$expected" "$actual" > "$scratch/diff"; then
        echo "FAIL $(basename "$dir") ($format)"
        head -40 "$scratch/diff"
        return 1
    fi
    return 0
}

for name in "${cases[@]}"; do
    dir=$here/$name
    min=15 max=
    [ -f "$dir/min-grammar" ] && min=$(cat "$dir/min-grammar")
    [ -f "$dir/max-grammar" ] && max=$(cat "$dir/max-grammar")
    if [ "$grammar" -lt "$min" ] || { [ -n "$max" ] && [ "$grammar" -gt "$max" ]; }; then
        if [ -z "$max" ]; then range="$min or later"; elif [ "$min" = "$max" ]; then range="$min only"; else range="$min to $max"; fi
        echo "SKIP $name: written for the grammar of PostgreSQL $range; this tenant-guard parses PostgreSQL $grammar's"
        skipped=$((skipped + 1))
        continue
    fi
    ok=1
    run_format "$dir" text expected.txt "$min" || ok=0
    run_format "$dir" json expected.json "$min" || ok=0
    [ -f "$dir/expected.sarif" ] && { run_format "$dir" sarif expected.sarif "$min" || ok=0; }
    [ -f "$dir/expected.github" ] && { run_format "$dir" github expected.github "$min" || ok=0; }
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

summary="$passed passed, $failed failed"
[ $skipped -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
[ $failed = 0 ]
