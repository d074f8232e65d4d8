#!/usr/bin/env python3
"""The real-history differential: each project of ../shared/corpus (tests/history/projects.py)
is applied file by file to a live database with the guard in warn mode, each file sent as its
migration tool sends it, and each file is given to the checker with --changed FILE against the
whole history. Per file, the (rule, table, command) isolation findings of the two must be
identical. At the end of each project, tenant_guard.report() and `tenant-guard report` must draw
the same isolation matrix. Then what issue 13 expects of these histories: the checker's
error-level isolation findings per project, and basejump applied whole under enforce.

usage: compare_history.py CHECKER CORPUS [PROJECT...]   (PGHOST, PGPORT, TG_BIN from the caller)
"""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "differential"))
from compare_reports import comparable  # noqa: E402
from compare_verdicts import COMMAND, DETAIL, ISOLATION_RULES, TABLE, psql, unquote  # noqa: E402
from projects import PROJECTS  # noqa: E402

# Statements PostgreSQL refuses inside a transaction block: a file holding one is sent statement
# by statement (midday's runner does so; Supabase CLI and Prisma cannot run them otherwise).
OUTSIDE_TRANSACTION = re.compile(r"\b(?:(?:CREATE|DROP)\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b[^;]*\bCONCURRENTLY"
                                 r"|VACUUM)\b", re.IGNORECASE)
# Explicit transaction control at the top level (a PL/pgSQL BEGIN is never followed by ';').
TRANSACTION_CONTROL = re.compile(r"^\s*(?:BEGIN|COMMIT|START\s+TRANSACTION)\s*;", re.IGNORECASE | re.MULTILINE)
COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def how_sent(text, project):
    """transaction (wrapped in one), statements (each on its own, autocommit) or simple-query
    (the whole file as one message: an implicit transaction that its own BEGIN/COMMIT split, as
    Prisma sends every file)."""
    code = COMMENT.sub("", text)
    if OUTSIDE_TRANSACTION.search(code):
        return "statements"
    if project.transaction_mode == "simple-query" or TRANSACTION_CONTROL.search(code):
        return "simple-query"
    return "transaction"


def apply(database, text, mode):
    if mode == "transaction":
        return psql(database, "-1", "-f", "-", stdin=text)
    if mode == "statements":
        return psql(database, "-f", "-", stdin=text)
    return psql(database, "-c", text)


def guard_findings(stderr):
    found = set()
    for line in stderr.splitlines():
        match = DETAIL.match(line.strip())
        if not match:
            continue
        table = TABLE.search(match.group(2))
        command = COMMAND.search(match.group(2))
        found.add((match.group(1), unquote(table.group(1)) if table else "?", command.group(1) if command else None))
    return found


def checker_options(project, stubs):
    options = ["--preset", "supabase"] if project.supabase else []
    for column in project.tenant_columns:
        options += ["--tenant-column", column]
    if project.baseline:
        options += ["--baseline", str(stubs / project.baseline)]
    if project.transaction_mode != "auto":
        options += ["--transaction-mode", project.transaction_mode]
    return options


def checker_json(checker, project, stubs, folder, *extra):
    result = subprocess.run([checker, "check", "--format", "json", "--fail-on", "never",
                             *checker_options(project, stubs), *extra, str(folder)], capture_output=True, text=True)
    try:
        return json.loads(result.stdout)["findings"], None
    except (json.JSONDecodeError, KeyError):
        return [], f"checker output is not JSON (exit {result.returncode}): {result.stderr.strip()[:500]}"


def isolation_keys(findings):
    return {(f["rule"], unquote(f["table"] or "?"), f["command"]) for f in findings if f["rule"] in ISOLATION_RULES}


def setting_list(columns):
    """tenant_guard.tenant_columns: quoted where lower case would change the name."""
    return ",".join(c if c == c.lower() else '"' + c + '"' for c in columns)


def create_database(database, project, corpus, mode):
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    psql("postgres", "-c", f'CREATE DATABASE "{database}"')
    settings = [f"ALTER DATABASE \"{database}\" SET tenant_guard.tenant_columns = '{setting_list(project.tenant_columns)}'",
                f"ALTER DATABASE \"{database}\" SET tenant_guard.mode = {mode}"]
    if project.supabase:
        settings.append(f"ALTER DATABASE \"{database}\" SET search_path = \"$user\", public, extensions")
    for statement in settings:
        done = psql("postgres", "-c", statement)
        if done.returncode != 0:
            return done.stderr.strip()
    # The platform and the pre-history are there before the migrations: not the guard's to judge.
    platform = ""
    if project.supabase:
        platform += (corpus / "stubs" / "supabase_db.sql").read_text()
    for name in project.setup:
        platform += "\n" + (corpus / "stubs" / name).read_text()
    setup = psql(database, "-c", "SET client_min_messages = warning", "-c", "CREATE EXTENSION tenant_guard",
                 "-c", "SET tenant_guard.mode = off", "-1", "-f", "-", stdin=platform)
    return setup.stderr.strip() if setup.returncode != 0 else None


def migrations(corpus, project):
    return sorted((corpus / project.folder).rglob("*.sql"))


def replay(checker, corpus, project):
    """Per-file comparison, then the reports. Returns (passed, failed)."""
    database = "history_" + re.sub(r"\W", "_", project.name)
    folder = corpus / project.folder
    problem = create_database(database, project, corpus, "warn")
    if problem:
        print(f"not ok - {project.name}: setup failed: {problem}")
        return 0, 1
    passed = failed = 0
    try:
        for migration in migrations(corpus, project):
            text = migration.read_text()
            mode = how_sent(text, project)
            applied = apply(database, text, mode)
            guard = guard_findings(applied.stderr)
            findings, checker_problem = checker_json(checker, project, corpus / "stubs", folder,
                                                     "--changed", str(migration))
            reported = isolation_keys(findings)
            problems = [checker_problem] if checker_problem else []
            if applied.returncode != 0:
                problems.append(f"the file failed ({mode}): {applied.stderr.strip()[-500:]}")
            name = f"{project.name}/{migration.relative_to(folder)}"
            if guard == reported and not problems:
                passed += 1
                print(f"ok - {name}{'' if mode == 'transaction' else ' (' + mode + ')'}: {len(guard)} findings")
                continue
            failed += 1
            print(f"not ok - {name} ({mode})")
            for key in sorted(guard - reported, key=str):
                print(f"    guard only:   {key}")
            for key in sorted(reported - guard, key=str):
                print(f"    checker only: {key}")
            for problem in problems:
                print(f"    {problem}")
        ok = compare_reports(checker, project, corpus, database)
        passed, failed = passed + ok, failed + (not ok)
    finally:
        psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    return passed, failed


def compare_reports(checker, project, corpus, database):
    name = f"{project.name} report"
    from_database = psql(database, "-A", "-t", "-c", "SELECT tenant_guard.report()")
    from_files = subprocess.run([checker, "report", *checker_options(project, corpus / "stubs"),
                                 str(corpus / project.folder)], capture_output=True, text=True)
    problems = []
    if from_database.returncode != 0:
        problems.append(f"tenant_guard.report() failed: {from_database.stderr.strip()}")
    if from_files.returncode != 0:
        problems.append(f"tenant-guard report exited {from_files.returncode}: {from_files.stderr.strip()}")
    database_matrix = comparable(from_database.stdout) if not problems else None
    files_matrix = comparable(from_files.stdout) if not problems else None
    if not problems and (database_matrix is None or files_matrix is None):
        problems.append("a report has no summary line or no isolation matrix")
    if not problems and database_matrix == files_matrix:
        print(f"ok - {name}: the same matrix ({database_matrix.splitlines()[0]})")
        return True
    print(f"not ok - {name}")
    for text in problems:
        print(f"    {text}")
    if not problems:
        database_lines, files_lines = database_matrix.splitlines(), files_matrix.splitlines()
        for line in database_lines:
            if line not in files_lines:
                print(f"    database only:        {line}")
        for line in files_lines:
            if line not in database_lines:
                print(f"    migration files only: {line}")
    return False


def matches(expected, finding):
    return all(want is None or want == got for want, got in zip(expected, finding))


def expected_errors(checker, corpus, project):
    """Issue 13: the checker's error-level isolation findings on the whole history are exactly
    the expected ones. Returns (passed, failed)."""
    if project.expected_errors is None:
        return 0, 0
    findings, problem = checker_json(checker, project, corpus / "stubs", corpus / project.folder)
    errors = [f for f in findings if f["rule"] in ISOLATION_RULES and f["level"] == "error"]
    keys = {(f["rule"], unquote(f["table"] or "?"), f["command"], f["policy"], Path(f["path"]).name) for f in errors}
    unexpected = sorted((k for k in keys if not any(matches(e, k) for e in project.expected_errors)), key=str)
    missing = sorted((e for e in project.expected_errors if not any(matches(e, k) for k in keys)), key=str)
    unsaid = [f for f in errors if project.error_messages_say and project.error_messages_say not in f["message"]]
    name = f"{project.name} error-level isolation findings"
    if not (problem or unexpected or missing or unsaid):
        print(f"ok - {name}: {len(errors)} as expected ({len(keys)} rule/table/command/policy/file keys)")
        return 1, 0
    print(f"not ok - {name}: {len(errors)}")
    for key in unexpected:
        print(f"    unexpected: {key}")
    for key in missing:
        print(f"    missing:    {key}")
    for finding in unsaid:
        print(f"    message does not say \"{project.error_messages_say}\": {finding['message']}")
    if problem:
        print(f"    {problem}")
    return 0, 1


def applies_under_enforce(corpus, project):
    """Issue 13: the whole history commits with the guard enforcing. Returns (passed, failed)."""
    if not project.enforce_applies:
        return 0, 0
    database = "history_enforce_" + re.sub(r"\W", "_", project.name)
    problem = create_database(database, project, corpus, "enforce")
    try:
        for migration in migrations(corpus, project):
            if problem:
                break
            text = migration.read_text()
            applied = apply(database, text, how_sent(text, project))
            if applied.returncode != 0:
                problem = f"{migration.name} refused: {applied.stderr.strip()[-800:]}"
    finally:
        psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"')
    if problem:
        print(f"not ok - {project.name} applies under enforce\n    {problem}")
        return 0, 1
    print(f"ok - {project.name} applies under enforce")
    return 1, 0


def main():
    checker, corpus = sys.argv[1], Path(sys.argv[2])
    wanted = set(sys.argv[3:])
    passed = failed = 0
    for project in PROJECTS:
        if wanted and project.name not in wanted:
            continue
        started = time.monotonic()
        for step in (lambda: replay(checker, corpus, project),
                     lambda: expected_errors(checker, corpus, project),
                     lambda: applies_under_enforce(corpus, project)):
            ok, not_ok = step()
            passed, failed = passed + ok, failed + not_ok
        print(f"# {project.name}: {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
