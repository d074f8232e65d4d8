#!/usr/bin/env bash
# The npm package (make npm) as a JavaScript project gets it: the tarball installed into an empty
# Node project with no network at all (the registry an unreachable address, an empty cache,
# --offline), then `npx tenant-guard check supabase/migrations` in that project on the real
# Supabase history of ../shared/corpus/usebasejump__basejump, copied into it. Its output and exit
# status must be the host build's on the same files.
#
#   tests/static/npm_test.sh NPM_TARBALL HOST_CHECKER
#
# HOST_CHECKER: build/tenant-guard (make cli). Needs Node.js and npm (make deps). Without the
# corpus the comparison is skipped, and said so.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# = 2 ] || { echo "usage: $0 NPM_TARBALL HOST_CHECKER" >&2; exit 2; }
tarball=$(realpath -- "$1")
host_checker=$(realpath -- "$2")
CORPUS=${TG_CORPUS:-$SOURCE_DIR/../shared/corpus}
PROJECT=usebasejump__basejump

# shellcheck source=tests/lib/assert.sh
source "$SOURCE_DIR/tests/lib/assert.sh"

work=$(mktemp -d /tmp/tenant_guard_npm_test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# No network and nothing from this machine's npm: were anything fetched, this would fail.
touch "$work/user-npmrc" "$work/global-npmrc"
export npm_config_userconfig=$work/user-npmrc npm_config_globalconfig=$work/global-npmrc
export npm_config_registry=http://127.0.0.1:9/ npm_config_cache=$work/npm-cache npm_config_offline=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

contents=$(tar -tzf "$tarball" | sort)
tg_expect_eq "the tarball: the binary, its notices, the manifest, README and LICENSE" \
    "$(printf '%s\n' package/LICENSE package/README.md package/THIRD-PARTY-NOTICES.txt package/bin/tenant-guard \
        package/package.json | sort)" "$contents"
manifest=$(tar -xzOf "$tarball" package/package.json)
field() { python3 -c 'import json, sys; print(json.dumps(json.loads(sys.argv[1]).get(sys.argv[2])))' "$manifest" "$1"; }
tg_expect_eq "package.json: bin tenant-guard is the binary" '{"tenant-guard": "bin/tenant-guard"}' "$(field bin)"
tg_expect_eq "package.json: Linux only" '["linux"]' "$(field os)"
tg_expect_eq "package.json: x86-64 only" '["x64"]' "$(field cpu)"
tg_expect_eq "package.json: no dependencies" null "$(field dependencies)"
tg_expect_eq "package.json: no install scripts" null "$(field scripts)"

project=$work/app
mkdir "$project"
cd "$project"
npm init -y >/dev/null
status=0
npm install --offline --save-dev "$tarball" >"$work/install.log" 2>&1 || status=$?
tg_expect_eq "npm install --offline TARBALL into an empty project, no network" 0 "$status"
[ "$status" = 0 ] || cat "$work/install.log"
tg_expect_eq "node_modules holds tenant-guard alone" tenant-guard "$(find node_modules -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n')"
tg_expect_eq "node_modules/.bin/tenant-guard is executable" yes \
    "$([ -x node_modules/.bin/tenant-guard ] && echo yes || echo no)"

version=$(npx --offline tenant-guard --version)
tg_expect_eq "npx tenant-guard --version: the package's version" \
    "tenant-guard $(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["version"])' "$manifest")" \
    "$(head -1 <<<"$version")"
tg_expect_eq "... which is the host build's" "$("$host_checker" --version | head -1)" "$(head -1 <<<"$version")"
tg_expect_contains "... naming the grammar it parses" "parses PostgreSQL" "$version"

if [ ! -d "$CORPUS/$PROJECT/supabase/migrations" ]; then
    echo "ok - the corpus comparison # SKIP $CORPUS/$PROJECT is missing"
    tg_report
    exit
fi
cp -R "$CORPUS/$PROJECT/supabase" "$project/"
# compare NAME ARGUMENTS...: `npx tenant-guard check ARGUMENTS` and the host build's `check`, both
# in the project: the same output and exit status.
compare() {
    local name=$1 host_status=0 npx_status=0 host_output npx_output
    shift
    host_output=$("$host_checker" check "$@" 2>&1) || host_status=$?
    npx_output=$(npx --offline tenant-guard check "$@" 2>&1) || npx_status=$?
    tg_expect_eq "npx tenant-guard check, $name: exit status as the host build's ($host_status)" "$host_status" "$npx_status"
    tg_expect_eq "npx tenant-guard check, $name: output as the host build's ($(wc -l <<<"$host_output") lines)" \
        "$host_output" "$npx_output"
}
compare "supabase/migrations" supabase/migrations
compare "account_id, fail on warnings" --tenant-column account_id --fail-on warning supabase/migrations
compare "account_id, JSON" --tenant-column account_id --format json supabase/migrations
compare "account_id, SARIF" --tenant-column account_id --format sarif supabase/migrations

tg_report
