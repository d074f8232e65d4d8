#!/usr/bin/env bash
# The run step of the GitHub Action (action.yml): checks the migration files changed since the
# base commit, writes SARIF for code scanning, and reports through the GitHub Actions files.
# action.yml hands over its inputs as environment variables:
#
#   TENANT_GUARD_MIGRATIONS     migration folders, one a line (the whole history: the schema model)
#   TENANT_GUARD_BASE_REF       commit to diff against; empty: TENANT_GUARD_PR_BASE_SHA, else
#                               TENANT_GUARD_PUSH_BEFORE; none, or all zeros: every file counts
#   TENANT_GUARD_FAIL_ON        error | warning | never
#   TENANT_GUARD_SARIF_FILE     where the SARIF goes
#   TENANT_GUARD_UPLOAD_SARIF   true | false
#   TENANT_GUARD_BIN            the tenant-guard binary
#
# Outputs (GITHUB_OUTPUT): sarif-file (empty when nothing was checked), findings (reported
# errors and warnings), exit-code (tenant-guard's exit status), upload (true when there is
# SARIF to upload). This step succeeds whatever the checker found, so that the SARIF is
# uploaded before a later step fails the job with exit-code.
set -euo pipefail

fail() { echo "::error title=tenant-guard::$1"; exit 2; }

: "${GITHUB_OUTPUT:?runs as a GitHub Actions step}"
fail_on=${TENANT_GUARD_FAIL_ON:-error}
case $fail_on in error | warning | never) ;; *) fail "fail-on must be error, warning or never, not '$fail_on'" ;; esac
upload_sarif=${TENANT_GUARD_UPLOAD_SARIF:-true}
case $upload_sarif in true | false) ;; *) fail "upload-sarif must be true or false, not '$upload_sarif'" ;; esac
sarif_file=${TENANT_GUARD_SARIF_FILE:-tenant-guard.sarif}
# One output a line in GITHUB_OUTPUT: a line break in the name would forge further outputs.
[[ $sarif_file != *$'\n'* ]] || fail "sarif-file must not contain a line break"
checker=${TENANT_GUARD_BIN:-tenant-guard}
command -v "$checker" >/dev/null || fail "tenant-guard not found at '$checker': install it first (docs/ci.md)"

folders=()
while IFS= read -r line; do
    # Surrounding blanks come from YAML block indentation, not from folder names.
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [ -n "$line" ] && folders+=("$line")
done <<<"${TENANT_GUARD_MIGRATIONS:-}"
[ ${#folders[@]} -gt 0 ] || fail "the migrations input names no folder"

base=${TENANT_GUARD_BASE_REF:-${TENANT_GUARD_PR_BASE_SHA:-${TENANT_GUARD_PUSH_BEFORE:-}}}
changed=()
if [ -z "$base" ] || [[ $base =~ ^0+$ ]]; then
    # The first push of a branch, or a run without a pull request: no commit to compare with.
    echo "tenant-guard: no base commit, so every migration counts as changed"
else
    git rev-parse --verify --quiet "$base^{commit}" >/dev/null \
        || fail "base commit '$base' is not in the clone: check out with fetch-depth: 0"
    diff_list=$(mktemp)
    trap 'rm -f "$diff_list"' EXIT
    # Literal pathspecs: a folder name is a name, not a glob. Three dots: what HEAD changed since
    # it forked from the base, not what the base gained meanwhile. Deleted files cause nothing.
    git --literal-pathspecs diff --name-only -z --relative --diff-filter=ACMR "$base...HEAD" -- "${folders[@]}" >"$diff_list"
    while IFS= read -r -d '' file; do
        if [[ ${file,,} == *.sql ]]; then changed+=("--changed=$file"); fi
    done <"$diff_list"
    if [ ${#changed[@]} -eq 0 ]; then
        echo "tenant-guard: no migration changed under ${folders[*]} since $base"
        {
            echo "sarif-file="
            echo "findings=0"
            echo "exit-code=0"
            echo "upload=false"
        } >>"$GITHUB_OUTPUT"
        exit 0
    fi
    echo "tenant-guard: ${#changed[@]} changed migration file(s) since $base"
fi

# Text for the job log and summary, SARIF for code scanning: two runs of a checker that reads
# megabytes a second, rather than a JSON tool on the runner to count SARIF results.
status=0
report=$("$checker" check --fail-on "$fail_on" "${changed[@]}" -- "${folders[@]}" 2>&1) || status=$?
printf '%s\n' "$report"
mkdir -p -- "$(dirname -- "$sarif_file")"
sarif_status=0
"$checker" check --format sarif --fail-on "$fail_on" "${changed[@]}" -- "${folders[@]}" >"$sarif_file" || sarif_status=$?
[ "$sarif_status" = "$status" ] || fail "tenant-guard exited $status for text but $sarif_status for SARIF"

findings=
summary='[0-9]+ files? checked: ([0-9]+) errors?, ([0-9]+) warnings?'
[[ $report =~ $summary ]] && findings=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
# A usage or I/O error writes no SARIF at all: then there is nothing to upload.
if [ -s "$sarif_file" ]; then written=$sarif_file; else written=; fi
upload=false
[ "$upload_sarif" = true ] && [ -n "$written" ] && upload=true
{
    echo "sarif-file=$written"
    echo "findings=$findings"
    echo "exit-code=$status"
    echo "upload=$upload"
} >>"$GITHUB_OUTPUT"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo "### tenant-guard: ${findings:-no} finding(s), exit status $status"
        echo '````text'
        printf '%s\n' "$report"
        echo '````'
    } >>"$GITHUB_STEP_SUMMARY"
fi
