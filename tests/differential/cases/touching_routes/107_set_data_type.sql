ALTER TABLE r_set_data_type ALTER COLUMN amount SET DATA TYPE bigint;
