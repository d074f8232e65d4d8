CREATE TABLE users (id bigint, password text);
