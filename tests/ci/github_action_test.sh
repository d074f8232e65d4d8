#!/usr/bin/env bash
# The GitHub Action (action.yml), run by tests/ci/run_action.py as the GitHub runner would,
# in a project repository with legacy findings on main and a failing and a clean change on top.
# The upload step cannot run here: the test checks what it would receive instead, a SARIF
# file that validates against the SARIF 2.1.0 schema and holds only the changed file's findings.
# The prebuilt binary's download is tested offline: from a release folder given as a file://
# URL, to a copy of the action whose integrations/release-checksums.txt names the binary given
# here (make test-static gives the static binary itself).
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

# run_job NAME BRANCH EVENT_NAME EVENT_JSON [--input NAME=VALUE]...: runs the action (the one at
# $action_dir, this repository's by default) on BRANCH; sets job_status, and leaves the report in
# $ci_work/NAME.json and the log in $ci_work/NAME.log.
action_dir=$ci_root
run_job() {
    local name=$1 branch=$2 event_name=$3 event=$4
    shift 4
    git -C "$project" checkout -q "$branch"
    git -C "$project" clean -qfdx
    printf '%s\n' "$event" >"$ci_work/$name.event.json"
    job_status=0
    python3 "$here/run_action.py" "$action_dir" --workspace "$project" --event-name "$event_name" \
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
tg_expect_eq "failing change: steps" "success success recorded failure" \
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
    "success success recorded success" "$(outcomes clean)"
validate_sarif "clean change" "$project/tenant-guard.sarif"
tg_expect_eq "clean change: SARIF has no results" 0 "$(sarif_result_count "$project/tenant-guard.sarif")"

# A push: the base is the commit before it. No upload, and findings reported but not failing.
run_job push failing push "$(printf '{"before": "%s"}' "$base")" \
    --input upload-sarif=false --input fail-on=never --input "tenant-guard=$ci_checker"
tg_expect_eq "push, fail-on never: the job succeeds" 0 "$job_status"
tg_expect_eq "push, fail-on never: outputs" '{"exit-code": "0", "findings": "2", "sarif-file": "tenant-guard.sarif"}' \
    "$(report push outputs)"
tg_expect_eq "push, upload-sarif false: the upload step is skipped" "success success skipped success" \
    "$(outcomes push)"

# The first push of a branch has no commit before it (all zeros): every migration counts.
run_job new_branch failing push '{"before": "0000000000000000000000000000000000000000"}' \
    --input "tenant-guard=$ci_checker"
tg_expect_eq "first push: the job fails" 1 "$job_status"
tg_expect_eq "first push: every finding of the history" '{"exit-code": "1", "findings": "10", "sarif-file": "tenant-guard.sarif"}' "$(report new_branch outputs)"

# tenant-guard found on PATH (the input as a command name), base-ref given, nothing under the
# migrations changed between the two commits: nothing checked, nothing uploaded.
run_job unchanged clean push '{}' --input "base-ref=clean" --input tenant-guard=tenant-guard
tg_expect_eq "no migration changed: the job succeeds" 0 "$job_status"
tg_expect_eq "no migration changed: outputs" '{"exit-code": "0", "findings": "0", "sarif-file": ""}' \
    "$(report unchanged outputs)"
tg_expect_eq "no migration changed: no upload" "success success skipped success" \
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
tg_expect_eq "syntax error: uploaded, then the job fails" "success success recorded failure" "$(outcomes syntax)"
validate_sarif "syntax error" "$project/tenant-guard.sarif"
tg_expect_contains "syntax error: the SARIF has it" '"ruleId": "syntax-error"' "$(cat "$project/tenant-guard.sarif")"

# An input outside its values: the check step refuses it, naming the input.
run_job bad_input failing pull_request "$pull_request_event" --input fail-on=errors --input "tenant-guard=$ci_checker"
tg_expect_eq "fail-on errors: the check step fails, nothing after it runs" "success failure skipped skipped" "$(outcomes bad_input)"
tg_expect_contains "fail-on errors: the log names the input" "fail-on must be error, warning or never" \
    "$(cat "$ci_work/bad_input.log")"

# A base commit the clone does not have (a shallow checkout): the job fails, saying why.
run_job shallow failing push '{"before": "1111111111111111111111111111111111111111"}' --input "tenant-guard=$ci_checker"
tg_expect_eq "unknown base: the job fails" 1 "$job_status"
tg_expect_eq "unknown base: the check step fails, nothing after it runs" "success failure skipped skipped" \
    "$(outcomes shallow)"
tg_expect_contains "unknown base: the log says to fetch the history" "fetch-depth: 0" "$(cat "$ci_work/shallow.log")"


# The prebuilt binary, as the action installs it by default. A release folder holds the binary
# under its asset name, and a copy of the action (what the workflow's ref checks out) commits its
# checksum; file:// stands for the release's https:// URL.
version=$("$ci_checker" --version | sed -n '1s/^tenant-guard //p')
asset=tenant-guard-$version-x86_64-linux
release=$ci_work/release
mkdir -p "$release"
cp "$ci_checker" "$release/$asset"
checksum=$(sha256sum "$ci_checker" | cut -d' ' -f1)
# copy_action DIR [CHECKSUM_LINE]: the action's files at DIR, with that checksum line only.
copy_action() {
    mkdir -p "$1/integrations"
    cp "$ci_root/action.yml" "$ci_root/VERSION" "$1/"
    cp "$ci_root"/integrations/*.sh "$1/integrations/"
    grep '^#' "$ci_root/integrations/release-checksums.txt" >"$1/integrations/release-checksums.txt"
    [ -z "${2:-}" ] || echo "$2" >>"$1/integrations/release-checksums.txt"
}
copy_action "$ci_work/action-released" "$checksum  $asset"
tg_expect_eq "the action's version (VERSION) is the binary's" "$version" "$(cat "$ci_root/VERSION")"

action_dir=$ci_work/action-released
run_job prebuilt failing pull_request "$pull_request_event" --input "release-url=file://$release"
tg_expect_eq "prebuilt: the job fails on the finding" 1 "$job_status"
tg_expect_eq "prebuilt: steps" "success success recorded failure" "$(outcomes prebuilt)"
tg_expect_eq "prebuilt: outputs as with the binary given" \
    '{"exit-code": "1", "findings": "2", "sarif-file": "tenant-guard.sarif"}' "$(report prebuilt outputs)"
log=$(cat "$ci_work/prebuilt.log")
tg_expect_contains "prebuilt: downloaded from the release URL" "downloading file://$release/$asset" "$log"
tg_expect_contains "prebuilt: its SHA-256 verified" "SHA-256 $checksum verified" "$log"
tg_expect_contains "prebuilt: the check ran it" \
    "$ci_failing_change:2:1: error: DROP COLUMN public.memberships.role" "$log"

# An asset that is not the released one: one byte more, and the action refuses to run it.
tampered=$ci_work/release-tampered
mkdir -p "$tampered"
cp "$ci_checker" "$tampered/$asset"
printf '\0' >>"$tampered/$asset"
run_job tampered failing pull_request "$pull_request_event" --input "release-url=file://$tampered"
tg_expect_eq "tampered asset: the job fails" 1 "$job_status"
tg_expect_eq "tampered asset: the install step fails, nothing after it runs" "failure skipped skipped skipped" \
    "$(outcomes tampered)"
tg_expect_contains "tampered asset: the log says why" "not $checksum as integrations/release-checksums.txt says: refused" \
    "$(cat "$ci_work/tampered.log")"

# A ref of the action that is no release (no checksum for its version): nothing is downloaded.
copy_action "$ci_work/action-unreleased"
action_dir=$ci_work/action-unreleased
run_job unreleased failing pull_request "$pull_request_event" --input "release-url=file://$release"
tg_expect_eq "no checksum: the install step fails, nothing after it runs" "failure skipped skipped skipped" \
    "$(outcomes unreleased)"
tg_expect_contains "no checksum: the log says what to do" "has no checksum for $asset" "$(cat "$ci_work/unreleased.log")"
if [[ $(cat "$ci_work/unreleased.log") == *downloading* ]]; then downloaded=yes; else downloaded=no; fi
tg_expect_eq "no checksum: nothing downloaded" no "$downloaded"

# The default URL: the action's repository's release vVERSION, from github.action_repository, or
# where the runner leaves that empty, from the folder it checked the action out to. A proxy
# that refuses every connection keeps these offline: the download fails, after the log names it.
action_dir=$ci_work/action-released
https_proxy=http://127.0.0.1:9 run_job repository failing pull_request "$pull_request_event" \
    --action-repository acme/tenant_guard
tg_expect_eq "default URL: the install step fails offline" "failure skipped skipped skipped" "$(outcomes repository)"
tg_expect_contains "default URL: the release of github.action_repository" \
    "downloading https://github.com/acme/tenant_guard/releases/download/v$version/$asset" "$(cat "$ci_work/repository.log")"
copy_action "$ci_work/_actions/acme/tenant_guard/v$version" "$checksum  $asset"
action_dir=$ci_work/_actions/acme/tenant_guard/v$version
https_proxy=http://127.0.0.1:9 run_job action_path failing pull_request "$pull_request_event"
tg_expect_contains "default URL: without github.action_repository, from the action's folder" \
    "downloading https://github.com/acme/tenant_guard/releases/download/v$version/$asset" "$(cat "$ci_work/action_path.log")"
action_dir=$ci_root

tg_report
