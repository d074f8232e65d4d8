#!/usr/bin/env python3
"""Applies each case folder to a fresh database with the guard in warn mode (so that every
file commits, as the checker's model assumes), then compares tenant_guard.report() with
`tenant-guard report` on the same folder: the isolation matrix and its summary line must be
identical, unless the checker's report warns that it could not see everything (dynamic SQL).
The admin path (owners, roles), exemptions (who and when, in terms of their source) and
keys are what only one side can know, so those sections are not compared.

usage: compare_reports.py CHECKER SHIM CASE_DIR...   (PGHOST, PGPORT, TG_BIN from the caller)
"""
import re
import subprocess
import sys
from pathlib import Path

from compare_verdicts import psql

SUMMARY = re.compile(r"^\d+ tenant tables?: .*$", re.MULTILINE)


def comparable(report):
    """The summary line and the isolation matrix section of a Markdown report."""
    summary = SUMMARY.search(report)
    start = report.find("## Isolation matrix")
    # The admin path (owners, FORCE, role attributes) is what only a database knows.
    end = report.find("## Admin path")
    if not summary or start < 0 or end < start:
        return None
    return summary.group(0) + "\n" + report[start:end].strip()


def database_report(case, shim):
    database = "report_" + re.sub(r"\W", "_", case.name)
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    psql("postgres", "-c", f'CREATE DATABASE "{database}"')
    try:
        setup = psql(database, "-c", "SET client_min_messages = warning", "-c", "CREATE EXTENSION tenant_guard",
                     "-f", "-", stdin=shim)
        if setup.returncode != 0:
            return None, f"setup failed: {setup.stderr.strip()}"
        for migration in sorted(case.rglob("*.sql")):
            applied = psql(database, "-1", "-c", "SET LOCAL tenant_guard.mode = warn", "-c",
                           "SET client_min_messages = error", "-f", "-", stdin=migration.read_text())
            if applied.returncode != 0:
                return None, f"{migration.name} failed: {applied.stderr.strip()}"
        report = psql(database, "-A", "-t", "-c", "SELECT tenant_guard.report()")
        if report.returncode != 0:
            return None, f"tenant_guard.report() failed: {report.stderr.strip()}"
        return report.stdout, None
    finally:
        psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')


def checker_report(checker, case):
    result = subprocess.run([checker, "report", str(case)], capture_output=True, text=True)
    if result.returncode != 0:
        return None, f"tenant-guard report exited {result.returncode}: {result.stderr.strip()}"
    return result.stdout, None


def main():
    checker, shim = sys.argv[1], Path(sys.argv[2]).read_text()
    passed = failed = 0
    for case in (Path(p) for p in sys.argv[3:]):
        if not case.is_dir():
            continue
        from_files, checker_problem = checker_report(checker, case)
        if from_files and "## Caveats" in from_files:
            # Dynamic SQL: the database ran what the checker can only flag.
            passed += 1
            print(f"ok - {case.name} # SKIP the migrations run dynamic SQL; the report says so")
            continue
        from_database, database_problem = database_report(case, shim)
        problems = [p for p in (database_problem, checker_problem) if p]
        database_matrix = comparable(from_database) if from_database else None
        files_matrix = comparable(from_files) if from_files else None
        if not problems and (database_matrix is None or files_matrix is None):
            problems.append("a report has no summary line or no isolation matrix")
        if not problems and database_matrix == files_matrix:
            passed += 1
            print(f"ok - {case.name}: the same matrix ({database_matrix.splitlines()[0]})")
            continue
        failed += 1
        print(f"not ok - {case.name}")
        for problem in problems:
            print(f"    {problem}")
        if not problems:
            print("    database:\n" + "\n".join("      " + l for l in database_matrix.splitlines()))
            print("    migration files:\n" + "\n".join("      " + l for l in files_matrix.splitlines()))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
