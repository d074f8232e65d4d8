ALTER TABLE invoices ADD COLUMN discount_cents bigint GENERATED ALWAYS AS (net_cents / 10) VIRTUAL;
ALTER TABLE invoices ALTER CONSTRAINT invoices_organization ENFORCED;
ALTER TABLE invoices ADD CONSTRAINT invoices_gross_positive CHECK (gross_cents >= 0) NOT ENFORCED;
-- Destructive changes beside the new syntax are still found: a stored column dropped, and an
-- UPDATE without WHERE that returns the old and new values (RETURNING OLD/NEW, PostgreSQL 18).
ALTER TABLE invoices DROP COLUMN memo;
UPDATE invoices SET net_cents = 0 RETURNING old.net_cents, new.net_cents;
