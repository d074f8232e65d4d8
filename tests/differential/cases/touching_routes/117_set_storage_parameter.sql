ALTER TABLE r_set_storage_parameter SET (fillfactor = 70);
