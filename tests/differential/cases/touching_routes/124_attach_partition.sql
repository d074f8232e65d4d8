ALTER TABLE r_attach_partition ATTACH PARTITION r_attach_partition_a FOR VALUES IN ('a');
