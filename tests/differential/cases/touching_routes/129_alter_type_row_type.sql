ALTER TYPE r_alter_type_row_type RENAME ATTRIBUTE note TO remark;
