ALTER MATERIALIZED VIEW r_alter_materialized_view_on_table RENAME COLUMN note TO remark;
