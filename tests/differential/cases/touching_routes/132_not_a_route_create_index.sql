CREATE INDEX ON r_not_a_route_create_index (organization_id);
