ALTER TABLE r_drop_column DROP COLUMN note;
