ALTER TABLE r_no_inherit NO INHERIT r_no_inherit_parent;
