-- Lossless widenings: not reported.
ALTER TABLE accounts ALTER COLUMN id TYPE bigint;
ALTER TABLE accounts ALTER COLUMN seats TYPE numeric(5,0);
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(40);
ALTER TABLE accounts ALTER COLUMN price TYPE numeric(12,3), ALTER COLUMN ratio TYPE double precision;
ALTER TABLE accounts ALTER COLUMN tags TYPE int8[];
ALTER TABLE accounts ALTER COLUMN note TYPE varchar;
ALTER TABLE accounts ALTER COLUMN total TYPE numeric;
-- A backfill of columns this file adds: not reported.
ALTER TABLE accounts ADD COLUMN plan text, ADD COLUMN plan_changed_at timestamptz;
UPDATE accounts SET plan = 'free', plan_changed_at = now();
-- Sets a column that existed before: reported.
UPDATE accounts SET plan = 'pro', note = NULL;
