-- Unquoted names fold to lower case; quoted names keep their case.
CREATE TABLE "Projects" (id bigint, "organizationId" text);
CREATE TABLE Tasks (id bigint, "organizationId" text);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Projects" ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
CREATE POLICY "Tasks isolation" ON TASKS USING ("organizationId" = current_setting('app.org'));
CREATE POLICY p ON "Projects" USING (organizationid = current_setting('app.org'));
