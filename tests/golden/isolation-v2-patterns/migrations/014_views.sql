CREATE VIEW note_counts AS SELECT organization_id, count(*) FROM notes GROUP BY 1;
CREATE VIEW my_notes WITH (security_invoker = true) AS SELECT * FROM notes;
CREATE MATERIALIZED VIEW note_cache AS SELECT * FROM my_notes;
