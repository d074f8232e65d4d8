ALTER TABLE r_owner_to OWNER TO tg_routes_app;
