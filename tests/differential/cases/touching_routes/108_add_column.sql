ALTER TABLE r_add_column ADD COLUMN memo text;
