CREATE TABLE accounts (id bigint, legacy text);
CREATE POLICY accounts_read ON accounts FOR SELECT USING (id > 0);
CREATE TABLE events (id bigint);
