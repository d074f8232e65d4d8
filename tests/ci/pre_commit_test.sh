#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml), run by Debian's pre-commit in a project
# repository with legacy findings: a commit adding a failing migration is refused with the
# finding shown, a clean one goes through, and the check-everything hook sees the legacy.
#
#   tests/ci/pre_commit_test.sh path/to/tenant-guard
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/assert.sh
source "$here/../lib/assert.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

command -v pre-commit >/dev/null || { echo "not ok - pre-commit is not installed (make deps)"; exit 1; }
export PRE_COMMIT_HOME=$ci_work/pre-commit-home

# pre-commit clones a hook repository at a revision: commit this tree's hook files, as they
# are now, in a repository of their own.
hooks=$ci_work/hooks
mkdir "$hooks"
cp "$ci_root/.pre-commit-hooks.yaml" "$hooks/"
cp -R "$ci_root/integrations" "$hooks/"
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -qm hooks

project=$ci_work/project
ci_make_project "$project"
# The default `files` of the hook: the wrapper itself must leave queries/reset_demo_data.sql out.
cat >"$project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $(git -C "$hooks" rev-parse HEAD)
    hooks:
      - id: tenant-guard
        args: [--migrations, "$ci_migrations"]
      - id: tenant-guard-all
        args: ["$ci_migrations"]
        stages: [manual]
EOF
git -C "$project" add .pre-commit-config.yaml
git -C "$project" commit -qm "pre-commit"
(cd "$project" && pre-commit install >/dev/null)

commit_staged() {  # MESSAGE: sets commit_status, commit_output and hook_verdict
    commit_status=0
    commit_output=$(cd "$project" && git commit -m "$1" 2>&1) || commit_status=$?
    # pre-commit's line for the hook: "tenant-guard (changed migrations)....Passed"
    hook_verdict=$(sed -n 's/^tenant-guard (changed migrations)\.*//p' <<<"$commit_output")
}

# A failing migration staged: the commit is refused, the finding shown, the legacy not blamed.
git -C "$project" checkout -q failing -- "$ci_failing_change"
before=$(git -C "$project" rev-parse HEAD)
commit_staged "drop memberships.role"
tg_expect_eq "failing migration: the commit is refused" 1 "$commit_status"
tg_expect_eq "failing migration: no commit was made" "$before" "$(git -C "$project" rev-parse HEAD)"
tg_expect_contains "failing migration: the finding is shown" \
    "$ci_failing_change:2:1: error: DROP COLUMN public.memberships.role" "$commit_output"
tg_expect_eq "failing migration: the hook failed" Failed "$hook_verdict"
if [[ $commit_output == *20240102000000_projects.sql* ]]; then
    tg_expect_eq "failing migration: legacy findings are not reported" absent present
else
    tg_expect_eq "failing migration: legacy findings are not reported" absent absent
fi
git -C "$project" reset -q --hard

# A clean migration and an edited SQL file outside the migrations: the commit goes through.
git -C "$project" checkout -q clean -- "$ci_clean_change" queries/reset_demo_data.sql
commit_staged "labels"
tg_expect_eq "clean migration: the commit goes through" 0 "$commit_status"
tg_expect_eq "clean migration: the commit holds both files" "$(printf '%s\n' "$ci_clean_change" queries/reset_demo_data.sql)" \
    "$(git -C "$project" show --name-only --format= HEAD)"
tg_expect_eq "clean migration: the hook ran and passed" Passed "$hook_verdict"

# The check-everything hook, as a manual stage: it reports the legacy findings.
all_status=0
all_output=$(cd "$project" && pre-commit run --hook-stage manual tenant-guard-all --all-files 2>&1) || all_status=$?
tg_expect_eq "every migration: the hook fails on the legacy" 1 "$all_status"
tg_expect_contains "every migration: a legacy finding is shown" \
    "$ci_migrations/20240102000000_projects.sql:3:14: error: row level security is not enabled on tenant table public.projects" \
    "$all_output"
if [[ $all_output == *queries/* ]]; then
    tg_expect_eq "every migration: SQL outside the migrations is not read" absent present
else
    tg_expect_eq "every migration: SQL outside the migrations is not read" absent absent
fi

# The wrapper's arguments, run directly where pre-commit would, in the project's root.
wrapper() {  # ARGS...: sets wrapper_status and wrapper_output
    wrapper_status=0
    wrapper_output=$(cd "$project" && "$ci_root/integrations/pre-commit-hook.sh" "$@" 2>&1) || wrapper_status=$?
}
git -C "$project" checkout -q failing -- "$ci_failing_change"
wrapper "$ci_failing_change"
tg_expect_eq "wrapper without --migrations: usage error" 2 "$wrapper_status"
tg_expect_contains "wrapper without --migrations: says so" "add --migrations DIR" "$wrapper_output"
wrapper --migrations "$ci_migrations" --fail-on warning "$ci_failing_change"
tg_expect_eq "wrapper, option value without '=': usage error" 2 "$wrapper_status"
tg_expect_contains "wrapper, option value without '=': says how" "--name=value" "$wrapper_output"
wrapper --migrations "$ci_migrations" --fail-on=never "$ci_failing_change"
tg_expect_eq "wrapper, --fail-on=never passed through: exit 0" 0 "$wrapper_status"
tg_expect_contains "wrapper, --fail-on=never passed through: findings still shown" "[unapproved-destructive-change]" \
    "$wrapper_output"
wrapper --migrations "$ci_migrations" queries/reset_demo_data.sql
tg_expect_eq "wrapper, no staged migration: nothing to check" "0 " "$wrapper_status $wrapper_output"

tg_report
