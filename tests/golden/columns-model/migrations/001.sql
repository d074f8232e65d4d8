CREATE TABLE a (id bigint);
CREATE TABLE b (id bigint, organization_id uuid);
CREATE TABLE c (id bigint, org uuid);
