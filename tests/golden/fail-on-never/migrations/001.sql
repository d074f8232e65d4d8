CREATE TABLE t (id bigint, organization_id uuid);
