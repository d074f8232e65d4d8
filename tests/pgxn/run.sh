#!/usr/bin/env bash
# PGXN: META.json against the PGXN Meta Spec 1.0 and against the tree it describes; the
# validator on metadata it must accept (good/) and reject (bad/: each NAME.json with
# NAME.expected, lines its output must contain); the archive that make dist makes of HEAD, which
# must be a PGXN archive whose own META.json describes it; and both checks on an archive and on
# trees they must reject.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/lib/assert.sh
. "$here/../lib/assert.sh"
work=$(mktemp -d /tmp/tenant_guard_pgxn.XXXXXX)
trap 'rm -rf "$work"' EXIT

# run COMMAND...: its output, stdout and stderr, in $out and its exit status in $status.
run() {
    status=0
    out=$("$@" 2>&1) || status=$?
}

# expect_status NAME EXPECTED: the last run's exit status, showing its output when unexpected.
expect_status() {
    tg_expect_eq "$1" "$2" "$status"
    if [ "$status" != "$2" ]; then
        local lines
        mapfile -t lines <<<"$out"
        printf '  | %s\n' "${lines[@]}"
    fi
}

validate() {
    python3 "$here/validate_meta.py" "$@"
}

meta_field() {  # FIELD of the extension's provides entry in the repository's META.json
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["provides"]["tenant_guard"][sys.argv[2]])' \
        "$root/META.json" "$1"
}

echo "# META.json"
run validate --tree "$root" "$root/META.json"
expect_status "META.json conforms to PGXN Meta Spec 1.0 and describes the tree" 0

echo "# the validator on valid metadata"
for meta in "$here"/good/*.json; do
    run validate "$meta"
    expect_status "accepts good/$(basename "$meta")" 0
done

echo "# the validator on invalid metadata"
for meta in "$here"/bad/*.json; do
    name=bad/$(basename "$meta")
    expected=${meta%.json}.expected
    if [ ! -s "$expected" ]; then
        tg_expect_eq "$name has the lines it must print in bad/$(basename "$expected")" present missing
        continue
    fi
    run validate "$meta"
    expect_status "rejects $name" 1
    while IFS= read -r line; do
        tg_expect_contains "$name: $line" "$meta: $line" "$out"
    done <"$expected"
done

echo "# make dist"
version=$(cat "$root/VERSION")
archive=tenant_guard-$version.zip
mkdir "$work/dist"
run make --no-print-directory -C "$root" dist DIST_DIR="$work/dist"
expect_status "make dist writes $archive" 0
run python3 "$here/check_archive.py" "$work/dist/$archive" "$root"
expect_status "$archive holds the sources under tenant_guard-$version/ and no build product" 0
run python3 -m zipfile -e "$work/dist/$archive" "$work/unpacked"
expect_status "$archive unpacks" 0
dist=$work/unpacked/tenant_guard-$version
run validate --tree "$dist" "$dist/META.json"
expect_status "the archive's META.json conforms and describes the archive" 0

echo "# the archive check on archives PGXN must not get"
mkdir -p "$work/renamed"
cp "$work/dist/$archive" "$work/renamed/tenant_guard.zip"
run python3 "$here/check_archive.py" "$work/renamed/tenant_guard.zip" "$root"
expect_status "rejects an archive not named NAME-VERSION.zip" 1
tg_expect_contains "says: named tenant_guard.zip, not tenant_guard-$version.zip" \
    "named tenant_guard.zip, not tenant_guard-$version.zip" "$out"

bad=$work/bad-tree/tenant_guard-$version
mkdir -p "$bad/build" "$bad/tests/node_modules/pkg" "$work/bad-tree/stray" "$work/bad-dist"
cp "$root/META.json" "$root/Makefile" "$bad/"
touch "$bad/build/guard.o" "$bad/tenant_guard.so" "$bad/tests/node_modules/pkg/index.js" \
    "$work/bad-tree/stray/README"
(cd "$work/bad-tree" && python3 -m zipfile -c "$work/bad-dist/$archive" "tenant_guard-$version" stray)
run python3 "$here/check_archive.py" "$work/bad-dist/$archive" "$root"
expect_status "rejects an archive with build products, a stray folder and files missing" 1
for line in "stray/README: outside tenant_guard-$version/" \
    "tenant_guard-$version/build/guard.o: build product (build/ folder)" \
    "tenant_guard-$version/tenant_guard.so: build product (.so file)" \
    "tenant_guard-$version/tests/node_modules/pkg/index.js: build product (node_modules/ folder)" \
    "missing tenant_guard-$version/tenant_guard.control" \
    "missing tenant_guard-$version/VERSION" \
    "missing tenant_guard-$version/$(meta_field file)" \
    "missing tenant_guard-$version/core/" \
    "missing tenant_guard-$version/extension/"; do
    tg_expect_contains "says: $line" "$line" "$out"
done

echo "# the tree check on trees that META.json does not describe"
# mutant WHAT EXPECTED COMMAND...: COMMAND, run in a copy of the archive's tree, makes META.json
# wrong about it; the validator must say EXPECTED.
mutant() {
    local what=$1 expected=$2
    shift 2
    rm -rf "$work/mutant"
    cp -a "$dist" "$work/mutant"
    (cd "$work/mutant" && "$@")
    run validate --tree "$work/mutant" "$work/mutant/META.json"
    expect_status "rejects a tree where $what" 1
    tg_expect_contains "says: $expected" "$expected" "$out"
}
mutant "the VERSION file says another" \
    "\$.version: \"$version\" differs from EXTVERSION \"9.9.9\" (VERSION) in Makefile" \
    sh -c 'echo 9.9.9 > VERSION'
mutant "the Makefile's EXTVERSION is another" \
    "\$.version: \"$version\" differs from EXTVERSION \"9.9.9\" in Makefile" \
    sed -i 's/^EXTVERSION :\?= .*/EXTVERSION = 9.9.9/' Makefile
mutant "the Makefile's EXTENSION is another" \
    '$.name: "tenant_guard" differs from EXTENSION "other" in Makefile' \
    sed -i 's/^EXTENSION = .*/EXTENSION = other/' Makefile
mutant "the control file's default_version is another" \
    "\$.provides.tenant_guard.version: \"$version\" differs from default_version \"9.9.9\" in tenant_guard.control" \
    sed -i "s/^default_version = .*/default_version = '9.9.9'/" tenant_guard.control
mutant "the control file is another extension's" \
    "\$.provides.tenant_guard: no control file tenant_guard.control in the tree" \
    mv tenant_guard.control other.control
mutant "provides' file is missing" \
    "\$.provides.tenant_guard.file: $(meta_field file) does not exist in the tree" \
    rm "$(meta_field file)"
mutant "provides' docfile is missing" \
    "\$.provides.tenant_guard.docfile: $(meta_field docfile) does not exist in the tree" \
    rm "$(meta_field docfile)"

tg_report
