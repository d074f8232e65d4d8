create table invoices_copy as select * from invoices;
create table invoices_shape (like invoices);
select * into invoices_selected from invoices;
