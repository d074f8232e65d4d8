#!/usr/bin/env bash
# The shell recipe for other CI systems, taken from docs/ci.md between its shell-recipe
# markers so that the page and the test cannot drift apart, run in a project repository with
# legacy findings on main and a failing and a clean change on top.
#
#   tests/ci/shell_recipe_test.sh path/to/tenant-guard
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/assert.sh
source "$here/../lib/assert.sh"
# shellcheck source=lib.sh
source "$here/lib.sh"

# The fenced block between the markers, without its fences.
recipe=$ci_work/check-migrations.sh
awk '/^<!-- shell-recipe:end/ { inside = 0 }
     inside && !/^```/
     /^<!-- shell-recipe:begin/ { inside = 1 }' "$ci_root/docs/ci.md" >"$recipe"
tg_expect_eq "the recipe is in docs/ci.md" "#!/usr/bin/env bash" "$(head -1 "$recipe")"

project=$ci_work/project
ci_make_project "$project"

run_recipe() {  # BRANCH BASE: sets recipe_status and recipe_output
    git -C "$project" checkout -q "$1"
    recipe_status=0
    recipe_output=$(cd "$project" && TENANT_GUARD_BASE=$2 TENANT_GUARD_MIGRATIONS=$ci_migrations \
                    bash "$recipe" 2>&1) || recipe_status=$?
}

run_recipe failing main
tg_expect_eq "failing change: exit 1" 1 "$recipe_status"
tg_expect_contains "failing change: the finding is shown" \
    "$ci_failing_change:2:1: error: DROP COLUMN public.memberships.role" "$recipe_output"
if [[ $recipe_output == *20240102000000_projects.sql* ]]; then
    tg_expect_eq "failing change: legacy findings are not reported" absent present
else
    tg_expect_eq "failing change: legacy findings are not reported" absent absent
fi

run_recipe clean main
tg_expect_eq "clean change: exit 0" 0 "$recipe_status"
tg_expect_contains "clean change: the checker ran" "0 errors, 0 warnings" "$recipe_output"

run_recipe main main
tg_expect_eq "nothing changed: exit 0, saying so" "0 no migration changed since main" "$recipe_status $recipe_output"

run_recipe failing 1111111111111111111111111111111111111111
tg_expect_eq "base not in the clone: exit 2" 2 "$recipe_status"
tg_expect_contains "base not in the clone: says so" "fetch the whole history" "$recipe_output"

tg_report
