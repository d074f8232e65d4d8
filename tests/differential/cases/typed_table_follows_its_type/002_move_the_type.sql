create schema lib;
alter type note_shape rename to note_row;
alter type note_row set schema lib;
