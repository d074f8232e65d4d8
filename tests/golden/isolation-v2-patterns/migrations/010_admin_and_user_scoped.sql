-- Supabase: service_role bypasses RLS (--preset supabase); a user-scoped policy confines rows.
CREATE TABLE notes (id bigint, organization_id uuid, user_id uuid);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes TO authenticated USING (user_id = auth.uid());
CREATE POLICY service ON notes TO service_role USING (true);
