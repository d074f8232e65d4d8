#!/usr/bin/env python3
"""Writes a synthetic migration history for the checker benchmark: FILES files of about
SIZE bytes in all, Supabase-style names, tables with RLS and policies, indexes, column changes
and comments, the way real histories mix them. Deterministic for a given seed.

usage: generate_history.py OUT_DIR [--files 2000] [--bytes 50000000]
       generate_history.py OUT_FILE --dump-tables 5000     (a pg_dump-like schema snapshot)"""
import argparse
import pathlib
import random

POLICY = "organization_id = current_setting('app.organization_id')::uuid"


def table_sql(rng, name):
    columns = ",\n".join(f"    c{i} {rng.choice(['text', 'integer', 'timestamptz', 'jsonb', 'numeric(12,2)', 'boolean'])}"
                         for i in range(rng.randint(4, 14)))
    parts = [f"-- {name}: created for feature {rng.randint(1, 9999)}\n"
             f"create table public.{name} (\n    id bigint generated always as identity primary key,\n"
             f"    organization_id uuid not null,\n{columns},\n    created_at timestamptz not null default now()\n);",
             f"create index {name}_org_idx on public.{name} (organization_id);",
             f"alter table public.{name} enable row level security;"]
    for command in ("select", "insert", "update", "delete"):
        clause = "with check" if command == "insert" else "using"
        parts.append(f"create policy {name}_{command} on public.{name} for {command} to authenticated {clause} ({POLICY});")
    parts.append(f"comment on table public.{name} is 'Rows of {name}, one organisation each.';")
    return "\n".join(parts) + "\n"


def change_sql(rng, name):
    choice = rng.randrange(4)
    if choice == 0:
        return f"alter table public.{name} add column note_{rng.randint(1, 999)} text;\n"
    if choice == 1:
        return f"create index concurrently if not exists {name}_created_idx on public.{name} (created_at);\n"
    if choice == 2:
        return f"update public.{name} set c0 = c0 where organization_id is not null;\n"
    return f"alter table public.{name} alter column c1 set default null;\n"


def history(out, files, total_bytes, rng):
    out.mkdir(parents=True, exist_ok=True)
    per_file = total_bytes // files
    tables = []
    for n in range(files):
        body, size = [], 0
        while size < per_file:
            if not tables or rng.random() < 0.5:
                name = f"t{len(tables)}"
                tables.append(name)
                piece = table_sql(rng, name)
            else:
                piece = change_sql(rng, rng.choice(tables))
            body.append(piece)
            size += len(piece)
        (out / f"2024{n:010d}_migration_{n}.sql").write_text("".join(body))


def dump(out, tables, rng):
    lines = ["--\n-- PostgreSQL database dump\n--\n", "SET statement_timeout = 0;\n",
             "SELECT pg_catalog.set_config('search_path', '', false);\n"]
    for i in range(tables):
        lines.append(table_sql(rng, f"d{i}").replace("generated always as identity primary key", "not null"))
    out.write_text("".join(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--bytes", type=int, default=50_000_000)
    parser.add_argument("--dump-tables", type=int)
    args = parser.parse_args()
    rng = random.Random(20261129)
    if args.dump_tables:
        dump(args.out, args.dump_tables, rng)
    else:
        history(args.out, args.files, args.bytes, rng)


if __name__ == "__main__":
    main()
