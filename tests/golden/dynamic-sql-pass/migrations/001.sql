-- Static DDL inside DO blocks is modelled like top-level statements.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'projects') THEN
    CREATE TABLE projects (id bigint, organization_id uuid);
  END IF;
  ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
  EXECUTE 'CREATE POLICY projects_isolation ON projects USING (organization_id = current_setting(''app.organization_id'')::uuid)';
END
$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := now();
  EXECUTE 'SELECT 1';
  RETURN NEW;
END
$fn$;
