#!/usr/bin/env bash
# Validates SARIF logs against the official SARIF 2.1.0 schema: installs the validator's npm
# packages on first use, then runs validate.js. Needs Node.js and npm; callers decide what to
# do without them.   tests/sarif/validate.sh FILE...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/@microsoft/jest-sarif" ]; then
    (cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)
fi
node "$here/validate.js" "$@"
