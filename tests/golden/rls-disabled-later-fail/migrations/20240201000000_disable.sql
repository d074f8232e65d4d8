-- Turning RLS off again is caught when this file commits.
ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
