-- tenant-guard: ignore unapproved-destructive-change events were archived to S3 in March
DROP TABLE events;
-- Reviewed by the data team.
-- tenant-guard: ignore unapproved-destructive-change, plaintext-secret-column legacy is unread since v2
ALTER TABLE accounts DROP COLUMN legacy;
-- A table created and dropped by the same file never held data: no approval needed.
CREATE TABLE scratch (id bigint);
TRUNCATE scratch;
ALTER TABLE scratch ADD COLUMN note text;
ALTER TABLE scratch DROP COLUMN note;
DROP TABLE scratch;
-- Dropping and re-creating a policy in one file replaces it; the new one is judged by the
-- isolation rules.
DROP POLICY IF EXISTS accounts_read ON accounts;
CREATE POLICY accounts_read ON accounts FOR SELECT USING (true);
