select * from ops.relax_sql();
