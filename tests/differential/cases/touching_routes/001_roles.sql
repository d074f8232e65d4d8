-- Every route that makes the guard look at a table, on a table of its own. The tables are
-- isolated when they are made (002); 003 opens them all without DDL on any table (the guard
-- decides with the roles as they are at commit, and nothing is touched there); then each file
-- from 100 on takes one route to one table, and each side must find that table open exactly
-- where it is touched. The not_a_route files name a table without touching it: no finding.
DROP ROLE IF EXISTS tg_routes_service;
DROP ROLE IF EXISTS tg_routes_app;
CREATE ROLE tg_routes_service BYPASSRLS;
CREATE ROLE tg_routes_app;
