alter table invoices set schema billing;
alter table billing.invoices rename to bills;
