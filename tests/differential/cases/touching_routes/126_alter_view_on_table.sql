ALTER VIEW r_alter_view_on_table RENAME COLUMN note TO remark;
