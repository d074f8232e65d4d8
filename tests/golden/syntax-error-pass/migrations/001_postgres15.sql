-- PostgreSQL 15 syntax parses: MERGE, NULLS NOT DISTINCT, security_invoker views, procedures.
CREATE TABLE stock (sku text PRIMARY KEY, qty int, UNIQUE NULLS NOT DISTINCT (qty));
CREATE TABLE incoming (sku text, qty int);
MERGE INTO stock s USING incoming i ON s.sku = i.sku
    WHEN MATCHED THEN UPDATE SET qty = s.qty + i.qty
    WHEN NOT MATCHED THEN INSERT VALUES (i.sku, i.qty);
CREATE VIEW stock_view WITH (security_invoker = true) AS SELECT * FROM stock;
CREATE PROCEDURE restock(n int) LANGUAGE sql BEGIN ATOMIC UPDATE stock SET qty = qty + n WHERE qty < 10; END;
COMMENT ON TABLE stock IS 'semicolons; in "strings" and $$dollar$$ quotes are not separators';
