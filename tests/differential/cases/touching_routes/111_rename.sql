ALTER TABLE r_rename RENAME TO r_renamed;
