alter index notes rename to notes_old;
alter table notes_old disable row level security;
