DROP TABLE IF EXISTS third_legacy;
