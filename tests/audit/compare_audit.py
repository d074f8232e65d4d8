#!/usr/bin/env python3
"""`tenant-guard audit` against the extension, database by database.

For each case folder:
  with the extension   the case is applied (guard in warn mode, so every file commits) to a
                       fresh database that has the extension; the audit's Markdown matrix must
                       equal tenant_guard.report()'s, and its JSON findings (table, rule,
                       command, policy) must equal the rows of tenant_guard.audit().
  without it           the case is applied with plain psql to a fresh database without the
                       extension; the audit's matrix must equal tenant_guard.report()'s after
                       CREATE EXTENSION in that same database. Cases that call the extension's
                       functions cannot run there and are skipped, saying so.
Then the leaks of leaks_people_ship must be among the audit's JSON findings.

usage: compare_audit.py CHECKER SHIM CASE_DIR...   (PGHOST, PGPORT, TG_BIN from the caller)
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "differential"))
from compare_reports import comparable  # noqa: E402
from compare_verdicts import psql  # noqa: E402

# What leaks_people_ship leaves open: a policy of every one of its tables lets rows across
# organisations (the fail-open one when the setting is unset).
EXPECTED_LEAKS = {"public.leak_not_null", "public.leak_self", "public.leak_or_true", "public.leak_fail_open",
                  "public.leak_like", "public.leak_literal", "public.leak_with_check", "public.shared_notes"}


def audit(checker, database, fmt):
    conninfo = f"host={os.environ['PGHOST']} port={os.environ['PGPORT']} user=postgres dbname={database}"
    result = subprocess.run([checker, "audit", "--format", fmt, conninfo], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        return None, f"tenant-guard audit --format {fmt} exited {result.returncode}: {result.stderr.strip()}"
    return result.stdout, None


def roles():
    listed = psql("postgres", "-A", "-t", "-c", "SELECT rolname FROM pg_catalog.pg_roles")
    return set(listed.stdout.split())


def fresh_database(name):
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}"')
    psql("postgres", "-c", f'CREATE DATABASE "{name}"')


def drop(name, roles_before):
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}"')
    # Roles are the cluster's: those a case created would stop the next database's CREATE ROLE.
    for role in sorted(roles() - roles_before):
        quoted = '"' + role.replace('"', '""') + '"'
        psql("postgres", "-c", f"DROP ROLE {quoted}")


def apply(database, case, guarded):
    for migration in sorted(case.rglob("*.sql")):
        settings = ["-c", "SET LOCAL tenant_guard.mode = warn"] if guarded else []
        applied = psql(database, "-1", *settings, "-c", "SET client_min_messages = error", "-f", "-",
                       stdin=migration.read_text())
        if applied.returncode != 0:
            return f"{migration.name} failed: {applied.stderr.strip()}"
    return None


def database_report(database):
    report = psql(database, "-A", "-t", "-c", "SELECT tenant_guard.report()")
    if report.returncode != 0:
        return None, f"tenant_guard.report() failed: {report.stderr.strip()}"
    return report.stdout, None


def guard_findings(database):
    rows = psql(database, "-A", "-t", "-F", "\x1f", "-c",
                "SELECT \"table\", rule, coalesce(command, ''), coalesce(policy, '') FROM tenant_guard.audit()")
    if rows.returncode != 0:
        return None, f"tenant_guard.audit() failed: {rows.stderr.strip()}"
    return {tuple(line.split("\x1f")) for line in rows.stdout.splitlines() if line}, None


def audit_findings(text):
    return {(f["table"], f["rule"], f["command"] or "", f["policy"] or "") for f in json.loads(text)["findings"]}


def compare_matrices(label, from_audit, from_database, problems):
    audit_matrix = comparable(from_audit) if from_audit else None
    database_matrix = comparable(from_database) if from_database else None
    if problems:
        return False
    if audit_matrix is None or database_matrix is None:
        problems.append(f"{label}: a report has no summary line or no isolation matrix")
        return False
    if audit_matrix != database_matrix:
        problems.append(f"{label}: the matrices differ\n    database:\n" +
                        "\n".join("      " + l for l in database_matrix.splitlines()) + "\n    audit:\n" +
                        "\n".join("      " + l for l in audit_matrix.splitlines()))
        return False
    return True


def with_extension(checker, shim, case):
    """Problems, and the audit's JSON findings."""
    database = "audit_x_" + re.sub(r"\W", "_", case.name)
    before = roles()
    fresh_database(database)
    problems, found = [], None
    try:
        setup = psql(database, "-c", "SET client_min_messages = warning", "-c", "CREATE EXTENSION tenant_guard",
                     "-f", "-", stdin=shim)
        if setup.returncode != 0:
            return [f"setup failed: {setup.stderr.strip()}"], None
        problem = apply(database, case, guarded=True)
        if problem:
            return [problem], None
        markdown, problem = audit(checker, database, "markdown")
        report, database_problem = database_report(database)
        problems += [p for p in (problem, database_problem) if p]
        compare_matrices("with the extension", markdown, report, problems)
        as_json, problem = audit(checker, database, "json")
        expected, guard_problem = guard_findings(database)
        problems += [p for p in (problem, guard_problem) if p]
        if as_json and expected is not None:
            found = audit_findings(as_json)
            if found != expected:
                problems.append("the findings differ from tenant_guard.audit():\n      only the audit: " +
                                repr(sorted(found - expected)) + "\n      only the guard: " +
                                repr(sorted(expected - found)))
        return problems, found
    finally:
        drop(database, before)


def without_extension(checker, shim, case):
    """Problems, or None when the case needs the extension to apply."""
    if any("tenant_guard." in migration.read_text() for migration in case.rglob("*.sql")):
        return None
    database = "audit_n_" + re.sub(r"\W", "_", case.name)
    before = roles()
    fresh_database(database)
    try:
        setup = psql(database, "-c", "SET client_min_messages = warning", "-f", "-", stdin=shim)
        if setup.returncode != 0:
            return [f"setup failed: {setup.stderr.strip()}"]
        problem = apply(database, case, guarded=False)
        if problem:
            return [problem]
        markdown, problem = audit(checker, database, "markdown")
        if problem:
            return [problem]
        installed = psql(database, "-c", "SET client_min_messages = warning", "-c", "CREATE EXTENSION tenant_guard")
        if installed.returncode != 0:
            return [f"CREATE EXTENSION failed: {installed.stderr.strip()}"]
        report, problem = database_report(database)
        problems = [problem] if problem else []
        compare_matrices("without the extension", markdown, report, problems)
        return problems
    finally:
        drop(database, before)


def main():
    checker, shim = sys.argv[1], Path(sys.argv[2]).read_text()
    passed = failed = 0
    leaks_checked = False
    for case in (Path(p) for p in sys.argv[3:]):
        if not case.is_dir():
            continue
        problems, found = with_extension(checker, shim, case)
        bare = without_extension(checker, shim, case)
        if bare:
            problems += bare
        if case.name == "leaks_people_ship" and found is not None:
            leaks_checked = True
            leaking = {table for table, rule, _, _ in found if rule == "policy-not-tenant-scoped"}
            if leaking != EXPECTED_LEAKS:
                problems.append(f"leaks_people_ship: the audit's leaking tables are {sorted(leaking)}, "
                                f"expected {sorted(EXPECTED_LEAKS)}")
        if problems:
            failed += 1
            print(f"not ok - {case.name}")
            for problem in problems:
                print("    " + problem)
            continue
        passed += 1
        note = "# the case calls the extension: with it only" if bare is None else "with and without the extension"
        print(f"ok - {case.name}: the same matrix and findings as the guard ({note})")
    if not leaks_checked:
        failed += 1
        print("not ok - leaks_people_ship was not audited")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
