-- PostgreSQL 18: virtual generated columns (VIRTUAL, and the default kind without STORED)
-- and NOT ENFORCED constraints. The table is still a tenant table, and without row level
-- security.
CREATE TABLE organizations (id uuid PRIMARY KEY, name text NOT NULL);

CREATE TABLE invoices (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    net_cents bigint NOT NULL,
    memo text,
    vat_cents bigint GENERATED ALWAYS AS (net_cents / 5) VIRTUAL,
    gross_cents bigint GENERATED ALWAYS AS (net_cents + net_cents / 5),
    CONSTRAINT invoices_net_positive CHECK (net_cents >= 0) NOT ENFORCED,
    CONSTRAINT invoices_organization FOREIGN KEY (organization_id) REFERENCES organizations (id) NOT ENFORCED
);
