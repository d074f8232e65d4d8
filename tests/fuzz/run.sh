#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR for SECONDS each. A target's corpus grows in
# BUILD_DIR/corpus/<target>; it starts from tests/fuzz/seeds/<name> (and, for the checker, the
# SQL files of ../shared/corpus when present). A crash leaves its input in BUILD_DIR/crashes
# and fails the run: keep that input as a regression test under tests/fuzz/seeds.
set -euo pipefail
build=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/crashes"
status=0
for target in "$build"/*_fuzz; do
    name=$(basename "$target" _fuzz)
    corpus=$build/corpus/$name
    mkdir -p "$corpus"
    seeds=("$here/seeds/$name")
    if [ "$name" = checker ] && [ -d "$here/../../../shared/corpus" ]; then
        seeds+=("$here/../../../shared/corpus")
    fi
    echo "fuzz: $name for ${seconds}s"
    if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$build/crashes/$name-" "$corpus" "${seeds[@]}" \
            >"$build/$name.log" 2>&1; then
        tail -40 "$build/$name.log" >&2
        status=1
    fi
    grep -E '^(#[0-9]+.*DONE|Done [0-9]+ runs)' "$build/$name.log" | tail -1 || true
done
exit $status
