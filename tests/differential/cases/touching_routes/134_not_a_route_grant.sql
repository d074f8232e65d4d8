GRANT SELECT ON r_not_a_route_grant TO tg_routes_app;
