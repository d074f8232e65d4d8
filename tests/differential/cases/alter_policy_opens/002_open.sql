alter policy invoices_isolation on invoices using (true) with check (true);
