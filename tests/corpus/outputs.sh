#!/usr/bin/env bash
# Writes the checker's output on every project of ../shared/corpus, in every format, into OUTDIR,
# one file per (project, format), plus the --changed output of each file of the small Supabase
# histories. Two trees made by two builds must be identical (diff -r) when a change claims not
# to change what the checker says. The corpus stays where it is: nothing here copies it.
#
#   tests/corpus/outputs.sh path/to/tenant-guard OUTDIR [CORPUS]
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 path/to/tenant-guard OUTDIR [CORPUS]" >&2; exit 2; fi
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
corpus=$(cd "${3:-$(dirname "$0")/../../../shared/corpus}" && pwd)

# The tenant columns each project uses (Prisma keeps camelCase, so they are quoted names).
declare -A columns=(
    [usebasejump__basejump]="account_id"
    [makerkit__nextjs-saas-starter-kit-lite]="account_id"
    [mckaywrigley__chatbot-ui]="workspace_id user_id"
    [midday-ai__midday]="team_id"
    [documenso__documenso]="organisationId teamId"
    [formbricks__formbricks]="organizationId environmentId"
    [triggerdotdev__trigger.dev]="organizationId projectId"
    [getlago__lago-api]="organization_id"
    [metabrainz__musicbrainz-server]="organization_id"
)

cd "$corpus"
for project in "${!columns[@]}"; do
    [ -d "$project" ] || continue
    args=()
    for c in ${columns[$project]}; do args+=(--tenant-column "$c"); done
    for format in text json sarif github; do
        status=0
        NO_COLOR=1 "$binary" check --fail-on never --format "$format" "${args[@]}" "$project" \
            > "$out/$project.$format" 2>&1 || status=$?
        echo "[exit $status]" >> "$out/$project.$format"
    done
done

for project in usebasejump__basejump mckaywrigley__chatbot-ui midday-ai__midday; do
    args=()
    for c in ${columns[$project]}; do args+=(--tenant-column "$c"); done
    mkdir -p "$out/changed/$project"
    while IFS= read -r file; do
        status=0
        "$binary" check --fail-on never --format json "${args[@]}" --changed "$file" "$project" \
            > "$out/changed/$project/$(basename "$file").json" 2>&1 || status=$?
        echo "[exit $status]" >> "$out/changed/$project/$(basename "$file").json"
    done < <(find "$project" -name '*.sql' | sort)
done
