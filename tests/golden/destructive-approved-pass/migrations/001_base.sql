CREATE TABLE accounts (id bigint, legacy text);
CREATE TABLE events (id bigint);
