-- Turning RLS off again is caught on the final state.
ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
