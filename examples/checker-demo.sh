#!/usr/bin/env bash
# The checker part of `make demo`: one failing and one clean Supabase-style migration set.
#   examples/checker-demo.sh [path/to/tenant-guard]
set -u
here=$(cd "$(dirname "$0")" && pwd)
checker=${1:-${TENANT_GUARD_CLI:-$here/../build/tenant-guard}}
cd "$here" || exit 2

echo "== tenant-guard check examples/migrations-failing (expected: findings, exit status 1)"
"$checker" check migrations-failing
failing_status=$?
echo "exit status $failing_status"
echo
echo "== tenant-guard check examples/migrations-clean (expected: clean, exit status 0)"
"$checker" check migrations-clean
clean_status=$?
echo "exit status $clean_status"

[ "$failing_status" = 1 ] && [ "$clean_status" = 0 ]
