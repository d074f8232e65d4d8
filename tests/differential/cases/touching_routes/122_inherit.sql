ALTER TABLE r_inherit INHERIT r_inherit_parent;
