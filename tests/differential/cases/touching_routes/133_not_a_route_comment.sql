COMMENT ON TABLE r_not_a_route_comment IS 'not a route';
