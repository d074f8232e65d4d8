#!/usr/bin/env bash
# The extension and the checker on the other PostgreSQL versions tenant_guard supports, each in a
# fresh root of the Debian release that ships it (the full suite runs once, on the host's
# PostgreSQL 15): PostgreSQL 17 on Debian 13 (trixie), 18 on Debian testing (forky). In each:
#
#   1. that version's server, headers and build dependencies, and libpg_query from the same suite
#   2. the extension built with that version's pg_config, without a compiler warning
#   3. pg_regress and the isolation specs (regress/run.sh) against that version's server, run as
#      the postgres user, then the drills (tests/drills: a broken key file, key leaks in the log,
#      memory, dump and restore, a standby)
#   4. the CLI (make cli) against that suite's libpg_query, and the checker's golden cases
#
# A failing step fails the run, and the steps after it that need it are reported as not run; the
# other version still runs. Last, one line per version: the counts that passed and the time.
#
#   tests/matrix/run.sh [WORK_DIR [MAJOR...]]   WORK_DIR: the roots and logs (build-matrix/);
#                                               MAJOR: 17 18 by default
#
# Root only (debootstrap, chroot, mount). The base systems are the cached tarballs of
# tests/lib/debian_root.sh, and the packages apt downloads are kept beside them, so only the
# first run fetches them.
set -uo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "${1:-$SOURCE_DIR/build-matrix}"
# Physical path: it is compared with the root links of processes in the chroot.
WORK_DIR=$(cd "${1:-$SOURCE_DIR/build-matrix}" && pwd -P)
shift $(($# > 0 ? 1 : 0))
if [ $# -gt 0 ]; then MAJORS=("$@"); else MAJORS=(17 18); fi
JOBS=${TG_MATRIX_JOBS:-2}

# shellcheck source=tests/lib/version_root.sh
source "$SOURCE_DIR/tests/lib/version_root.sh"

[ "$(id -u)" = 0 ] || { echo "matrix/run.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }

# What the build, pg_regress, the isolation tester, the CLI and the golden cases need. The
# isolation tester and pg_regress come with the server's client package; python3 checks the
# golden SARIF files' structure, and unwraps org keys for the key-leak drill (cryptography).
packages_for() {
    local major=$1
    echo "postgresql-$major postgresql-server-dev-$major libpq-dev libssl-dev g++ make cmake" \
        "pkg-config libpg-query-dev libgtest-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev" \
        "openssl procps python3 python3-cryptography"
}

# STEP NAME LOG COMMAND...: COMMAND in the root's tree, its output in LOG; says how long it took
# and, when it fails, the end of its log.
step() {
    local name=$1 log=$2 started=$SECONDS status=0
    shift 2
    tg_in_version_root "$@" >"$log" 2>&1 || status=$?
    if [ $status = 0 ]; then
        echo "ok - $name ($((SECONDS - started)) s)"
    else
        echo "not ok - $name ($((SECONDS - started)) s, exit $status, log in $log)"
        # The compiler's errors, a failing test's diff or assertion, else the end of the log.
        { grep -E -m 30 'error:|^not ok|^[-+][^-+]' "$log" || tail -25 "$log"; } | sed 's/^/    /'
    fi
    return $status
}

# LOG: "N/M" from pg_regress's closing lines ("All 14 tests passed." or "2 of 14 tests failed.",
# TAP-prefixed with "# " since PostgreSQL 16); the first is pg_regress's, the second the
# isolation tester's. INDEX picks which.
regress_count() {
    local log=$1 index=$2 line passed total
    line=$(grep -E '(All [0-9]+ tests passed|[0-9]+ of [0-9]+ tests failed)' "$log" | sed -n "${index}p")
    if [[ $line =~ All\ ([0-9]+)\ tests\ passed ]]; then
        echo "${BASH_REMATCH[1]}/${BASH_REMATCH[1]}"
    elif [[ $line =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ failed ]]; then
        total=${BASH_REMATCH[2]}
        passed=$((total - BASH_REMATCH[1]))
        echo "$passed/$total"
    else
        echo "none"
    fi
}

summaries=()
failed_versions=()
matrix_started=$SECONDS
trap 'tg_version_root_close' EXIT

for major in "${MAJORS[@]}"; do
    suite=$(tg_suite_of_postgresql "$major") || exit 2
    dir=$WORK_DIR/pg$major
    mkdir -p "$dir"
    rm -f "$dir"/*.log
    started=$SECONDS
    echo "# PostgreSQL $major on $suite (logs in $dir)"
    ok=1
    extension=failed regress=- isolation=- drills=- cli=failed golden=-
    # shellcheck disable=SC2046  # a list of package names
    if ! tg_version_root_open "$dir/root" "$major" "$dir/apt.log" $(packages_for "$major"); then
        echo "not ok - a $suite root with PostgreSQL $major's build dependencies (log in $dir/apt.log)"
        summaries+=("PostgreSQL $major ($suite): FAILED: its root could not be made, $((SECONDS - started)) s")
        failed_versions+=("$major")
        tg_version_root_close
        continue
    fi
    # shellcheck disable=SC2016  # dpkg-query's format
    echo "ok - a $suite root with $(tg_in_version_root pg_config --version) and libpg_query" \
        "$(tg_in_version_root dpkg-query -W -f '${Version}' libpg-query-dev) ($((SECONDS - started)) s)"

    if step "the extension builds with PostgreSQL $major's pg_config" "$dir/extension.log" \
        make -j"$JOBS" PG_CONFIG="/usr/lib/postgresql/$major/bin/pg_config"; then
        warnings=$(grep -c 'warning:' "$dir/extension.log")
        if [ "$warnings" = 0 ]; then
            echo "ok - ... without a compiler warning"
            extension=ok
        else
            echo "not ok - ... with $warnings compiler warnings:"
            grep 'warning:' "$dir/extension.log" | sed 's/^/    /'
            extension="$warnings warnings"
        fi
    fi
    if [ "$extension" = failed ]; then
        echo "not ok - pg_regress and the isolation specs: not run, the extension did not build"
        ok=0
    else
        [ "$extension" = ok ] || ok=0
        step "pg_regress and the isolation specs on PostgreSQL $major" "$dir/regress.log" regress/run.sh || ok=0
        regress=$(regress_count "$dir/regress.log" 1)
        isolation=$(regress_count "$dir/regress.log" 2)
        drills_passed=0
        drills_run=0
        for drill in "$SOURCE_DIR"/tests/drills/*_test.sh; do
            name=$(basename "$drill" .sh)
            drills_run=$((drills_run + 1))
            if step "drill $name" "$dir/$name.log" "tests/drills/$(basename "$drill")"; then
                drills_passed=$((drills_passed + 1))
            else
                ok=0
            fi
        done
        drills=$drills_passed/$drills_run
    fi

    # The program alone: the GoogleTest suites run once, on 15 (make unit).
    if step "the CLI builds against libpg_query $major (make cli)" "$dir/cli.log" \
        make cli CLI_TARGETS=tenant-guard; then
        cli=ok
        step "the checker's golden cases" "$dir/golden.log" tests/golden/run.sh build/tenant-guard || ok=0
        # "N passed, N failed" and, where cases are for another grammar, ", N skipped".
        golden=$(tail -1 "$dir/golden.log" |
            awk '$2 == "passed," { print $1 "/" $1 + $3 ($6 == "skipped" ? " (" $5 " skipped)" : "") }')
        golden=${golden:-none}
    else
        echo "not ok - the checker's golden cases: not run, the CLI did not build"
        ok=0
    fi

    summary="PostgreSQL $major ($suite): extension $extension, pg_regress $regress, isolation $isolation,"
    summary+=" drills $drills, CLI $cli, golden $golden; $((SECONDS - started)) s"
    if [ $ok = 1 ]; then
        summaries+=("$summary")
    else
        summaries+=("$summary: FAILED")
        failed_versions+=("$major")
    fi
    tg_version_root_close
done

echo "# the matrix, $((SECONDS - matrix_started)) s:"
printf '#   %s\n' "${summaries[@]}"
if [ ${#failed_versions[@]} -gt 0 ]; then
    echo "make test-matrix: FAILED on PostgreSQL ${failed_versions[*]}"
    exit 1
fi
echo "make test-matrix: PostgreSQL ${MAJORS[*]} passed"
