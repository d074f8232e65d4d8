\set ON_ERROR_STOP 1
\set PART_OF_SERIES_ID '996'
\set PART_OF_SERIES_GID '''d1a845d1-8c03-3191-9454-e4e8d37fa5e0'''
CREATE TABLE link_type (id int PRIMARY KEY, gid uuid NOT NULL, name text NOT NULL);

-- Variables where values go build no SQL: the statements are checked as written.
INSERT INTO link_type (id, gid, name) VALUES (:PART_OF_SERIES_ID, :PART_OF_SERIES_GID, :'name');
UPDATE link_type SET name = :'name' WHERE gid = :PART_OF_SERIES_GID::uuid;

-- Variables that name an object, or that sit in DDL, are reported.
INSERT INTO :target_table (id, gid, name) VALUES (1, gen_random_uuid(), 'x');
INSERT INTO link_type (id, gid, name) VALUES (2, gen_random_uuid(), :"column");
CREATE VIEW part_of_series AS SELECT * FROM link_type WHERE id = :PART_OF_SERIES_ID;
