#!/usr/bin/env bash
# The `tenant-guard` pre-commit hook (.pre-commit-hooks.yaml). pre-commit calls
#
#   pre-commit-hook.sh ARGS... FILE...
#
# with the hook's args from .pre-commit-config.yaml, then the staged files matching `files`.
# The checker needs the whole migration history to know the schema, but the commit should
# answer only for what it changes: so the migration folders are the PATHs, and each staged
# file inside one of them becomes a --changed. Staged files outside them are not migrations.
#
# ARGS: --migrations DIR (repeatable, required), and tenant-guard check options written as
# --name=value (--fail-on=warning, --config=ci/tenant-guard.toml): with the value after an
# '=', an option can never be mistaken for a file name.
set -euo pipefail

usage_error() {
    echo "tenant-guard pre-commit hook: $1" >&2
    echo "usage: args: [--migrations, DIR, ..., --fail-on=LEVEL, ...] in .pre-commit-config.yaml (docs/ci.md)" >&2
    exit 2
}

folders=()
check_options=()
files=()
while [ $# -gt 0 ]; do
    case $1 in
        --migrations)
            [ $# -ge 2 ] || usage_error "--migrations needs a folder"
            folders+=("$2")
            shift 2
            continue
            ;;
        --migrations=*) folders+=("${1#--migrations=}") ;;
        --changed | --changed=*) usage_error "the hook passes --changed itself, for the staged files" ;;
        --) shift; files+=("$@"); break ;;
        --*=*) check_options+=("$1") ;;
        -*) usage_error "unknown option $1 (tenant-guard check options go as --name=value)" ;;
        *) files+=("$1") ;;
    esac
    shift
done
[ ${#folders[@]} -gt 0 ] || usage_error "no migration folder: add --migrations DIR to the hook's args"
command -v tenant-guard >/dev/null || usage_error "tenant-guard is not on PATH: install it first (docs/ci.md)"

resolved_folders=()
for folder in "${folders[@]}"; do
    [ -d "$folder" ] || usage_error "migration folder $folder does not exist"
    resolved_folders+=("$(realpath -- "$folder")")
done

changed=()
for file in "${files[@]}"; do
    resolved_file=$(realpath -m -- "$file")
    for resolved_folder in "${resolved_folders[@]}"; do
        if [[ $resolved_file == "$resolved_folder"/* ]]; then
            changed+=("--changed=$file")
            break
        fi
    done
done
# No staged migration: nothing this commit changes can break isolation.
[ ${#changed[@]} -gt 0 ] || exit 0

exec tenant-guard check "${check_options[@]}" "${changed[@]}" -- "${folders[@]}"
