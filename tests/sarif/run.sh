#!/usr/bin/env bash
# SARIF output against the official 2.1.0 schema: every golden expected.sarif, and the
# checker's SARIF for the example migration sets. Needs Node.js and the npm registry; where
# there is no node, says so and validates nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
checker=$1
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "sarif schema validation skipped: Node.js is not installed"
    exit 0
fi
work=$(mktemp -d /tmp/tenant_guard_sarif.XXXXXX)
trap 'rm -rf "$work"' EXIT
for set in "$here"/../../examples/migrations-*; do
    "$checker" check --format sarif --fail-on never "$set" >"$work/$(basename "$set").sarif"
done
"$here/validate.sh" "$here"/../golden/*/expected.sarif "$work"/*.sarif
