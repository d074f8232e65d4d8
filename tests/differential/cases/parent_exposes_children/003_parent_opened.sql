CREATE POLICY read_all ON catalogue FOR SELECT USING (true);
