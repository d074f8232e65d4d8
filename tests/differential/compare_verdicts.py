#!/usr/bin/env python3
"""Applies each case folder to a fresh database, one transaction per file, and runs the
checker on the same folder. The verdicts must agree: the checker reports an isolation finding
(rule, table, command) exactly when a commit is refused with that finding, or warned of it
(warning-level findings, which let the commit go on).

usage: compare_verdicts.py CHECKER SHIM CASE_DIR...   (PGHOST, PGPORT, TG_BIN from the caller)
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ISOLATION_RULES = {"tenant-table-without-rls", "tenant-table-missing-policy", "policy-not-tenant-scoped",
                   "view-bypasses-rls", "parent-exposes-tenant-rows"}
DETAIL = re.compile(r"^(?:DETAIL:\s+)?(" + "|".join(sorted(ISOLATION_RULES)) + r"): (.*)$")
IDENTIFIER = r'(?:"(?:[^"]|"")*"|[^ ".,:]+)'
TABLE = re.compile(r"(?:tenant table|view|inheritance parent) (" + IDENTIFIER + r"\." + IDENTIFIER + ")")
COMMAND = re.compile(r"\b(?:for|grants) (SELECT|INSERT|UPDATE|DELETE)\b")


def unquote(qualified):
    return qualified.replace('""', "\0").replace('"', "").replace("\0", '"')


def as_server_user(argv):
    return ["runuser", "-u", "postgres", "--"] + argv if os.geteuid() == 0 else argv


def psql(database, *args, stdin=None):
    argv = as_server_user([os.path.join(os.environ["TG_BIN"], "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                           "-h", os.environ["PGHOST"], "-p", os.environ["PGPORT"], "-U", "postgres",
                           "-d", database, *args])
    return subprocess.run(argv, input=stdin, capture_output=True, text=True)


def guard_verdict(case, shim):
    """(findings the guard refused or warned of, problems that are not the guard's refusals)."""
    database = "differential_" + re.sub(r"\W", "_", case.name)
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    psql("postgres", "-c", f'CREATE DATABASE "{database}"')
    setup = psql(database, "-c", "SET client_min_messages = warning", "-c", "CREATE EXTENSION tenant_guard",
                 "-f", "-", stdin=shim)
    if setup.returncode != 0:
        return set(), [f"setup failed: {setup.stderr.strip()}"]
    refused, problems = set(), []
    for migration in sorted(case.rglob("*.sql")):
        result = psql(database, "-1", "-f", "-", stdin=migration.read_text())
        found = False
        for line in result.stderr.splitlines():
            match = DETAIL.match(line.strip())
            if not match:
                continue
            table = TABLE.search(match.group(2))
            command = COMMAND.search(match.group(2))
            refused.add((match.group(1), unquote(table.group(1)) if table else "?",
                         command.group(1) if command else None))
            found = True
        # After a refusal, a later file may fail only because what it builds on was refused.
        if result.returncode != 0 and not found and not refused:
            problems.append(f"{migration.name} failed for another reason: {result.stderr.strip()}")
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    return refused, problems


def checker_verdict(checker, case):
    result = subprocess.run([checker, "check", "--format", "json", "--fail-on", "never", str(case)],
                            capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return set(), [f"checker output is not JSON (exit {result.returncode}): {result.stderr.strip()}"]
    return {(f["rule"], f["table"], f["command"]) for f in report["findings"] if f["rule"] in ISOLATION_RULES}, []


def main():
    checker, shim = sys.argv[1], Path(sys.argv[2]).read_text()
    passed = failed = 0
    for case in (Path(p) for p in sys.argv[3:]):
        if not case.is_dir():
            continue
        guard, guard_problems = guard_verdict(case, shim)
        checker_found, checker_problems = checker_verdict(checker, case)
        problems = guard_problems + checker_problems
        if guard == checker_found and not problems:
            passed += 1
            print(f"ok - {case.name}: {'refused' if guard else 'accepted'} by both ({len(guard)} findings)")
            continue
        failed += 1
        print(f"not ok - {case.name}")
        for finding in sorted(guard - checker_found, key=str):
            print(f"    guard only:   {finding}")
        for finding in sorted(checker_found - guard, key=str):
            print(f"    checker only: {finding}")
        for problem in problems:
            print(f"    {problem}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
