# shellcheck shell=bash
# Shared by the CI integration tests: a scratch folder, tenant-guard on PATH, and a project
# repository to run the integrations in. Source after tests/lib/assert.sh; needs $1, the checker.

ci_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ci_fixtures=$ci_root/tests/ci/fixtures
ci_checker=$(realpath -- "$1")
ci_work=$(mktemp -d /tmp/tenant_guard_ci.XXXXXX)
trap 'rm -rf "$ci_work"' EXIT

# tenant-guard on PATH under its installed name, as the integrations expect it.
mkdir "$ci_work/bin"
ln -s "$ci_checker" "$ci_work/bin/tenant-guard"
export PATH="$ci_work/bin:$PATH"

# Commits that do not depend on this machine's git configuration.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=tester GIT_AUTHOR_EMAIL=tester@tenant-guard.invalid
export GIT_COMMITTER_NAME=tester GIT_COMMITTER_EMAIL=tester@tenant-guard.invalid

# Names with spaces on purpose: every integration must quote them.
ci_migrations="db migrations"
ci_failing_change="$ci_migrations/20240104000000_drop role column.sql"
ci_clean_change="$ci_migrations/20240104000000_add labels.sql"

# ci_make_project DIR: a git repository whose main branch already holds migrations with
# findings (the legacy that a change must not be blamed for), a README among them, and a SQL
# script that is no migration (read as one, its TRUNCATE would be a finding). Two branches fork from it: `failing` adds a migration with an
# unapproved DROP COLUMN and dynamic SQL, and edits the README; `clean` adds an isolated tenant
# table, deletes a migration (which leaves nothing to report on) and edits the other SQL file. Then main moves on: it edits a legacy migration, which
# neither branch has, so that a change is told apart from what its base gained meanwhile.
ci_make_project() {
    local dir=$1
    mkdir -p "$dir/$ci_migrations" "$dir/queries"
    cp "$ci_root"/examples/migrations-failing/2024010[123]*.sql "$dir/$ci_migrations/"
    echo "One file a migration, applied in name order." >"$dir/$ci_migrations/README.md"
    echo "truncate public.projects cascade;" >"$dir/queries/reset_demo_data.sql"
    echo "create view public.project_names as select name from public.projects;" \
        >"$dir/$ci_migrations/20240103500000_project_names.sql"
    git -C "$dir" init -q -b main
    git -C "$dir" add -A
    git -C "$dir" commit -qm "legacy migrations"
    git -C "$dir" checkout -qb failing
    cp "$ci_root/examples/migrations-failing/20240104000000_cleanup.sql" "$dir/$ci_failing_change"
    echo "Never edit a migration once merged." >>"$dir/$ci_migrations/README.md"
    git -C "$dir" add -A
    git -C "$dir" commit -qm "drop memberships.role"
    git -C "$dir" checkout -q -b clean main
    cp "$ci_fixtures/20240104000000_add labels.sql" "$dir/$ci_clean_change"
    echo "truncate public.labels;" >>"$dir/queries/reset_demo_data.sql"
    rm "$dir/$ci_migrations/20240103500000_project_names.sql"
    git -C "$dir" add -A
    git -C "$dir" commit -qm "labels"
    git -C "$dir" checkout -q main
    sed -i '1i -- Secrets stay plaintext until the sealing migration.' "$dir/$ci_migrations/20240103000000_integrations.sql"
    git -C "$dir" commit -qam "comment on the integrations migration"
}
