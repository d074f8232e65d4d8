CREATE VIEW invoice_totals AS SELECT organization_id, sum(total) AS total FROM invoices GROUP BY 1;
