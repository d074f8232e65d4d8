ALTER FOREIGN TABLE r_alter_foreign_table_on_table RENAME COLUMN note TO remark;
