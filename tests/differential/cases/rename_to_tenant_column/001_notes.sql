create table notes (id bigint primary key, org uuid);
