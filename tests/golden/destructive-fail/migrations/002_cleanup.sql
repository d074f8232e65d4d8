DROP TABLE events;
ALTER TABLE accounts DROP COLUMN legacy;
ALTER TABLE accounts ALTER COLUMN kind TYPE varchar(20);
TRUNCATE audit;
DELETE FROM accounts;
UPDATE accounts SET kind = 'x';
UPDATE accounts SET kind = 'y' WHERE id = 1;
DROP SCHEMA archive CASCADE;
DROP TABLE IF EXISTS never_created;
