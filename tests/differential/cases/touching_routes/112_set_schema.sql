ALTER TABLE r_set_schema SET SCHEMA routes_archive;
