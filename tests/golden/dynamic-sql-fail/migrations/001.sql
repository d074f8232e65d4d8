CREATE TABLE projects (id bigint);
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
CREATE FUNCTION add_partition(name text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE 'CREATE TABLE ' || quote_ident(name) || ' (organization_id uuid)';
  EXECUTE 'SELECT 1';
END
$fn$;
\set owner postgres
ALTER TABLE projects OWNER TO :owner;
