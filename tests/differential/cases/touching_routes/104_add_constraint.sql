ALTER TABLE r_add_constraint ADD CONSTRAINT amount_positive CHECK (amount > 0);
