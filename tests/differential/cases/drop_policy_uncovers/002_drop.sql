drop policy del on invoices;
