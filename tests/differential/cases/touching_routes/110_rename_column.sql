ALTER TABLE r_rename_column RENAME COLUMN note TO remark;
