#!/usr/bin/env bash
# The GitHub Action (action.yml), run by tests/ci/run_action.py as the GitHub runner would,
# in a project repository with legacy findings on main and a failing and a clean change on top.
# The upload step cannot run here: the test checks what it would receive instead, a SARIF
# file that validates against the SARIF 2.1.0 schema and holds only the changed file's findings.
#
#   tests/ci/github_action_test.sh path/to/tenant-guard
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/assert.sh
source "$here/../lib/assert.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

project=$ci_work/project
ci_make_project "$project"
base=$(git -C "$project" rev-parse main)

# run_job NAME BRANCH EVENT_NAME EVENT_JSON [--input NAME=VALUE]...: runs the action on BRANCH;
# sets job_status, and leaves the report in $ci_work/NAME.json and the log in $ci_work/NAME.log.
run_job() {
    local name=$1 branch=$2 event_name=$3 event=$4
    shift 4
    git -C "$project" checkout -q "$branch"
    git -C "$project" clean -qfdx
    printf '%s\n' "$event" >"$ci_work/$name.event.json"
    job_status=0
    python3 "$here/run_action.py" "$ci_root" --workspace "$project" --event-name "$event_name" \
        --event "$ci_work/$name.event.json" --report "$ci_work/$name.json" \
        --input "migrations=$ci_migrations" "$@" >"$ci_work/$name.log" 2>&1 || job_status=$?
    # 0 and 1 are the job's verdict; anything else is the runner refusing the action.
    [ "$job_status" -le 1 ] || cat "$ci_work/$name.log"
}

report() {  # NAME KEY: that part of the job's report, as JSON with sorted keys
    python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]], sort_keys=True))' \
        "$ci_work/$1.json" "$2"
}

outcomes() {  # NAME: each step's outcome, in order
    python3 -c 'import json, sys; print(" ".join(s["outcome"] for s in json.load(open(sys.argv[1]))["steps"]))' \
        "$ci_work/$1.json"
}

# The SARIF's result paths, decoded, one a line, sorted and unique.
sarif_paths() {
    python3 - "$1" <<'EOF'
import json, sys, urllib.parse
log = json.load(open(sys.argv[1]))
paths = {urllib.parse.unquote(location["physicalLocation"]["artifactLocation"]["uri"])
         for run in log["runs"] for result in run.get("results", []) for location in result["locations"]}
print("\n".join(sorted(paths)))
EOF
}

sarif_result_count() {
    python3 -c 'import json, sys; print(sum(len(r.get("results", [])) for r in json.load(open(sys.argv[1]))["runs"]))' "$1"
}

# Ajv and the official schema when Node.js is there (as in tests/sarif); the structural check
# that the golden suite uses either way.
validate_sarif() {  # NAME FILE
    local status=0
    python3 "$ci_root/tests/lib/check_sarif.py" "$2" || status=$?
    tg_expect_eq "$1: SARIF passes the structural check" 0 "$status"
    if command -v node >/dev/null && command -v npm >/dev/null; then
        status=0
        "$ci_root/tests/sarif/validate.sh" "$2" >"$ci_work/validate.log" 2>&1 || status=$?
        tg_expect_eq "$1: SARIF validates against the SARIF 2.1.0 schema" 0 "$status"
        [ "$status" = 0 ] || cat "$ci_work/validate.log"
    else
        echo "ok - $1: SARIF schema validation # SKIP Node.js is not installed"
    fi
}

pull_request_event=$(printf '{"pull_request": {"base": {"sha": "%s"}}}' "$base")

# A pull request adding a migration with findings, the SARIF going to a folder with a space.
run_job failing failing pull_request "$pull_request_event" \
    --input "sarif-file=reports/tenant guard.sarif" --input "tenant-guard=$ci_checker"
tg_expect_eq "failing change: the job fails" 1 "$job_status"
tg_expect_eq "failing change: conclusion" '"failure"' "$(report failing conclusion)"
tg_expect_eq "failing change: outputs" '{"exit-code": "1", "findings": "2", "sarif-file": "reports/tenant guard.sarif"}' \
    "$(report failing outputs)"
tg_expect_eq "failing change: steps" "success recorded failure" \
    "$(outcomes failing)"
tg_expect_eq "failing change: the upload step gets the SARIF and category" \
    '[{"uses": "github/codeql-action/upload-sarif@v3", "with": {"category": "tenant-guard", "sarif_file": "reports/tenant guard.sarif"}}]' \
    "$(report failing uses)"
sarif="$project/reports/tenant guard.sarif"
tg_expect_eq "failing change: the SARIF file exists" yes "$([ -s "$sarif" ] && echo yes || echo no)"
validate_sarif "failing change" "$sarif"
tg_expect_eq "failing change: SARIF results are only in the changed file" "$ci_failing_change" "$(sarif_paths "$sarif")"
tg_expect_eq "failing change: SARIF has both findings of the changed file" 2 "$(sarif_result_count "$sarif")"
log=$(cat "$ci_work/failing.log")
tg_expect_contains "failing change: the log shows the finding" \
    "$ci_failing_change:2:1: error: DROP COLUMN public.memberships.role" "$log"
tg_expect_contains "failing change: the last step says why the job failed" "tenant-guard check exited with status 1" "$log"
tg_expect_contains "failing change: the step summary shows the finding" "[unapproved-destructive-change]" \
    "$(report failing summary)"
if [[ $log == *20240102000000_projects.sql* ]]; then
    tg_expect_eq "failing change: legacy findings on main are not reported" absent present
else
    tg_expect_eq "failing change: legacy findings on main are not reported" absent absent
fi

# A pull request adding an isolated table and editing a SQL file outside the migrations.
run_job clean clean pull_request "$pull_request_event" --input "tenant-guard=$ci_checker"
tg_expect_eq "clean change: the job succeeds" 0 "$job_status"
tg_expect_eq "clean change: outputs" '{"exit-code": "0", "findings": "0", "sarif-file": "tenant-guard.sarif"}' \
    "$(report clean outputs)"
tg_expect_eq "clean change: the SARIF is still uploaded (it closes earlier alerts)" \
    "success recorded success" "$(outcomes clean)"
validate_sarif "clean change" "$project/tenant-guard.sarif"
tg_expect_eq "clean change: SARIF has no results" 0 "$(sarif_result_count "$project/tenant-guard.sarif")"

# A push: the base is the commit before it. No upload, and findings reported but not failing.
run_job push failing push "$(printf '{"before": "%s"}' "$base")" \
    --input upload-sarif=false --input fail-on=never --input "tenant-guard=$ci_checker"
tg_expect_eq "push, fail-on never: the job succeeds" 0 "$job_status"
tg_expect_eq "push, fail-on never: outputs" '{"exit-code": "0", "findings": "2", "sarif-file": "tenant-guard.sarif"}' \
    "$(report push outputs)"
tg_expect_eq "push, upload-sarif false: the upload step is skipped" "success skipped success" \
    "$(outcomes push)"

# The first push of a branch has no commit before it (all zeros): every migration counts.
run_job new_branch failing push '{"before": "0000000000000000000000000000000000000000"}' \
    --input "tenant-guard=$ci_checker"
tg_expect_eq "first push: the job fails" 1 "$job_status"
tg_expect_eq "first push: every finding of the history" '{"exit-code": "1", "findings": "10", "sarif-file": "tenant-guard.sarif"}' "$(report new_branch outputs)"

# tenant-guard found on PATH (the input's default), base-ref given, nothing under the
# migrations changed between the two commits: nothing checked, nothing uploaded.
run_job unchanged clean push '{}' --input "base-ref=clean"
tg_expect_eq "no migration changed: the job succeeds" 0 "$job_status"
tg_expect_eq "no migration changed: outputs" '{"exit-code": "0", "findings": "0", "sarif-file": ""}' \
    "$(report unchanged outputs)"
tg_expect_eq "no migration changed: no upload" "success skipped success" \
    "$(outcomes unchanged)"

# A change that does not parse: exit status 2, and the SARIF, which has the syntax error, is
# still uploaded before the job fails.
git -C "$project" checkout -q -b syntax main
printf 'create table public.typo (id bigint,);\n' >"$project/$ci_migrations/20240104000000_typo.sql"
git -C "$project" add -A
git -C "$project" commit -qm typo
run_job syntax syntax pull_request "$pull_request_event" --input "tenant-guard=$ci_checker"
tg_expect_eq "syntax error: the job fails" 1 "$job_status"
tg_expect_eq "syntax error: outputs" '{"exit-code": "2", "findings": "1", "sarif-file": "tenant-guard.sarif"}' \
    "$(report syntax outputs)"
tg_expect_eq "syntax error: uploaded, then the job fails" "success recorded failure" "$(outcomes syntax)"
validate_sarif "syntax error" "$project/tenant-guard.sarif"
tg_expect_contains "syntax error: the SARIF has it" '"ruleId": "syntax-error"' "$(cat "$project/tenant-guard.sarif")"

# An input outside its values: the check step refuses it, naming the input.
run_job bad_input failing pull_request "$pull_request_event" --input fail-on=errors
tg_expect_eq "fail-on errors: the check step fails, nothing after it runs" "failure skipped skipped" "$(outcomes bad_input)"
tg_expect_contains "fail-on errors: the log names the input" "fail-on must be error, warning or never" \
    "$(cat "$ci_work/bad_input.log")"

# A base commit the clone does not have (a shallow checkout): the job fails, saying why.
run_job shallow failing push '{"before": "1111111111111111111111111111111111111111"}'
tg_expect_eq "unknown base: the job fails" 1 "$job_status"
tg_expect_eq "unknown base: the check step fails, nothing after it runs" "failure skipped skipped" \
    "$(outcomes shallow)"
tg_expect_contains "unknown base: the log says to fetch the history" "fetch-depth: 0" "$(cat "$ci_work/shallow.log")"

tg_report
