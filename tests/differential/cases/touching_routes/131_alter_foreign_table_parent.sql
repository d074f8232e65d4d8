ALTER FOREIGN TABLE routes_remote ADD COLUMN memo text;
