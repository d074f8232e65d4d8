create type note_shape as (id bigint, body text);
create table notes of note_shape;
