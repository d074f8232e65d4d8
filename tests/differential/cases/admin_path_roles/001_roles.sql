DROP ROLE IF EXISTS tg_differential_service;
DROP ROLE IF EXISTS tg_differential_app;
CREATE ROLE tg_differential_service BYPASSRLS;
CREATE ROLE tg_differential_app;
