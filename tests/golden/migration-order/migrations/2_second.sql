DROP TABLE IF EXISTS second_legacy;
