-- PostgreSQL 18's syntax on a checker that parses PostgreSQL 17's grammar (whose own syntax,
-- JSON_TABLE or MERGE ... RETURNING, parses).
CREATE TABLE invoices (id uuid, organization_id uuid, net int, gross int GENERATED ALWAYS AS (net * 2) VIRTUAL);
CREATE TABLE totals (net int, gross int GENERATED ALWAYS AS (net * 2));
CREATE TABLE notes (id int, body text, CHECK (length(body) < 100) NOT ENFORCED);
SELECT jt.n FROM JSON_TABLE('[1, 2]'::jsonb, '$[*]' COLUMNS (n int PATH '$')) AS jt;
-- A plain mistake says nothing of newer grammars.
CREATE TABLE broken (id int,);
