ALTER TABLE r_drop_constraint DROP CONSTRAINT amount_positive;
