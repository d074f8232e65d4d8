CREATE OR REPLACE VIEW my_invoices AS SELECT * FROM invoices;
