-- Each of these may lose or change values: reported.
ALTER TABLE accounts ALTER COLUMN id TYPE int4;
ALTER TABLE accounts ALTER COLUMN seats TYPE numeric(4,0);
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(30);
ALTER TABLE accounts ALTER COLUMN price TYPE numeric(12,2);
ALTER TABLE accounts ALTER COLUMN code TYPE text;
ALTER TABLE accounts ALTER COLUMN ratio TYPE double precision USING round(ratio);
ALTER TABLE accounts ALTER COLUMN total TYPE numeric(20,2);
-- A renamed column keeps its type: varchar(40) to text is lossless.
ALTER TABLE accounts RENAME COLUMN name TO title;
ALTER TABLE accounts ALTER COLUMN title TYPE text;
-- A column added by an earlier file is not this file's to backfill.
UPDATE accounts SET plan_changed_at = NULL;
