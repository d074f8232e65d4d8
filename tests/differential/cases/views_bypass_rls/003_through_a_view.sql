CREATE VIEW big_invoices AS SELECT * FROM my_invoices WHERE total > 100;
