CREATE SCHEMA archive;
CREATE TABLE accounts (id bigint, legacy text, kind text);
CREATE TABLE events (id bigint);
CREATE TABLE audit (id bigint);
