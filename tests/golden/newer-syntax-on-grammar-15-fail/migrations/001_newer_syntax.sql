-- Syntax of PostgreSQL 16, 17 and 18 on a checker that parses PostgreSQL 15's grammar: each
-- statement is a syntax error that says which grammar it may need.
CREATE TABLE invoices (id uuid, organization_id uuid, net int, gross int GENERATED ALWAYS AS (net * 2) VIRTUAL);
CREATE TABLE totals (net int, gross int GENERATED ALWAYS AS (net * 2));
CREATE TABLE notes (id int, body text, CHECK (length(body) < 100) NOT ENFORCED);
SELECT jt.n FROM JSON_TABLE('[1, 2]'::jsonb, '$[*]' COLUMNS (n int PATH '$')) AS jt;
MERGE INTO stock t USING incoming s ON t.sku = s.sku WHEN MATCHED THEN DO NOTHING RETURNING t.sku;
MERGE INTO stock t USING incoming s ON t.sku = s.sku WHEN NOT MATCHED BY SOURCE THEN DELETE;
SELECT '{}' IS JSON;
-- A plain mistake says nothing of newer grammars.
CREATE TABLE broken (id int,);
