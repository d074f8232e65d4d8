-- One isolated table per route: members see their organisation, the service role everything.

-- set_not_null
CREATE TABLE r_set_not_null (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_set_not_null ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_set_not_null TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_set_not_null TO tg_routes_service USING (true);

-- drop_not_null
CREATE TABLE r_drop_not_null (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_drop_not_null ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_drop_not_null TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_drop_not_null TO tg_routes_service USING (true);
ALTER TABLE r_drop_not_null ALTER COLUMN amount SET NOT NULL;

-- set_default
CREATE TABLE r_set_default (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_set_default ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_set_default TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_set_default TO tg_routes_service USING (true);

-- drop_default
CREATE TABLE r_drop_default (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_drop_default ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_drop_default TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_drop_default TO tg_routes_service USING (true);
ALTER TABLE r_drop_default ALTER COLUMN amount SET DEFAULT 1;

-- add_constraint
CREATE TABLE r_add_constraint (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_add_constraint ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_add_constraint TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_add_constraint TO tg_routes_service USING (true);

-- drop_constraint
CREATE TABLE r_drop_constraint (id bigint, organization_id uuid, note text, amount int, CONSTRAINT amount_positive CHECK (amount > 0));
ALTER TABLE r_drop_constraint ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_drop_constraint TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_drop_constraint TO tg_routes_service USING (true);

-- validate_constraint
CREATE TABLE r_validate_constraint (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_validate_constraint ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_validate_constraint TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_validate_constraint TO tg_routes_service USING (true);
ALTER TABLE r_validate_constraint ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;

-- set_data_type
CREATE TABLE r_set_data_type (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_set_data_type ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_set_data_type TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_set_data_type TO tg_routes_service USING (true);

-- add_column
CREATE TABLE r_add_column (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_add_column ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_add_column TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_add_column TO tg_routes_service USING (true);

-- drop_column
CREATE TABLE r_drop_column (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_drop_column ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_drop_column TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_drop_column TO tg_routes_service USING (true);

-- rename_column
CREATE TABLE r_rename_column (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_rename_column ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_rename_column TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_rename_column TO tg_routes_service USING (true);

-- rename
CREATE TABLE r_rename (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_rename ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_rename TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_rename TO tg_routes_service USING (true);

-- set_schema
CREATE SCHEMA routes_archive;
CREATE TABLE r_set_schema (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_set_schema ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_set_schema TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_set_schema TO tg_routes_service USING (true);

-- owner_to
CREATE TABLE r_owner_to (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_owner_to ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_owner_to TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_owner_to TO tg_routes_service USING (true);

-- enable_rls
CREATE TABLE r_enable_rls (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_enable_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_enable_rls TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_enable_rls TO tg_routes_service USING (true);

-- force_rls
CREATE TABLE r_force_rls (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_force_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_force_rls TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_force_rls TO tg_routes_service USING (true);

-- no_force_rls
CREATE TABLE r_no_force_rls (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_no_force_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_no_force_rls TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_no_force_rls TO tg_routes_service USING (true);
ALTER TABLE r_no_force_rls FORCE ROW LEVEL SECURITY;

-- set_storage_parameter
CREATE TABLE r_set_storage_parameter (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_set_storage_parameter ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_set_storage_parameter TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_set_storage_parameter TO tg_routes_service USING (true);

-- replica_identity
CREATE TABLE r_replica_identity (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_replica_identity ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_replica_identity TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_replica_identity TO tg_routes_service USING (true);

-- create_policy
CREATE TABLE r_create_policy (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_create_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_create_policy TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_create_policy TO tg_routes_service USING (true);

-- alter_policy
CREATE TABLE r_alter_policy (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_alter_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_policy TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_policy TO tg_routes_service USING (true);

-- drop_policy
CREATE TABLE r_drop_policy (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_drop_policy ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_drop_policy TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_drop_policy TO tg_routes_service USING (true);
CREATE POLICY readers ON r_drop_policy FOR SELECT TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);

-- inherit
CREATE TABLE r_inherit_parent (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_inherit_parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_inherit_parent TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_inherit_parent TO tg_routes_service USING (true);
CREATE TABLE r_inherit (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_inherit ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_inherit TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_inherit TO tg_routes_service USING (true);

-- no_inherit
CREATE TABLE r_no_inherit_parent (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_no_inherit_parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_no_inherit_parent TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_no_inherit_parent TO tg_routes_service USING (true);
CREATE TABLE r_no_inherit (id bigint, organization_id uuid, note text, amount int) INHERITS (r_no_inherit_parent);
ALTER TABLE r_no_inherit ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_no_inherit TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_no_inherit TO tg_routes_service USING (true);

-- attach_partition
CREATE TABLE r_attach_partition (id bigint, organization_id uuid, note text, amount int) PARTITION BY LIST (note);
ALTER TABLE r_attach_partition ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_attach_partition TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_attach_partition TO tg_routes_service USING (true);
CREATE TABLE r_attach_partition_a (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_attach_partition_a ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_attach_partition_a TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_attach_partition_a TO tg_routes_service USING (true);

-- detach_partition
CREATE TABLE r_detach_partition (id bigint, organization_id uuid, note text, amount int) PARTITION BY LIST (note);
ALTER TABLE r_detach_partition ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_detach_partition TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_detach_partition TO tg_routes_service USING (true);
CREATE TABLE r_detach_partition_a PARTITION OF r_detach_partition FOR VALUES IN ('a');
ALTER TABLE r_detach_partition_a ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_detach_partition_a TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_detach_partition_a TO tg_routes_service USING (true);

-- alter_view_on_table
CREATE TABLE r_alter_view_on_table (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_alter_view_on_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_view_on_table TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_view_on_table TO tg_routes_service USING (true);

-- alter_materialized_view_on_table
CREATE TABLE r_alter_materialized_view_on_table (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_alter_materialized_view_on_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_materialized_view_on_table TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_materialized_view_on_table TO tg_routes_service USING (true);

-- alter_foreign_table_on_table
CREATE TABLE r_alter_foreign_table_on_table (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_alter_foreign_table_on_table ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_foreign_table_on_table TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_foreign_table_on_table TO tg_routes_service USING (true);

-- alter_type_row_type
CREATE TABLE r_alter_type_row_type (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_alter_type_row_type ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_type_row_type TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_type_row_type TO tg_routes_service USING (true);

-- alter_type_cascade
CREATE TYPE routes_typed_row AS (id bigint, organization_id uuid, note text);
CREATE TABLE r_alter_type_cascade OF routes_typed_row;
ALTER TABLE r_alter_type_cascade ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_type_cascade TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_type_cascade TO tg_routes_service USING (true);

-- alter_foreign_table_parent
CREATE FOREIGN DATA WRAPPER routes_wrapper;
CREATE SERVER routes_server FOREIGN DATA WRAPPER routes_wrapper;
CREATE FOREIGN TABLE routes_remote (id bigint, organization_id uuid, note text, amount int) SERVER routes_server;
CREATE TABLE r_alter_foreign_table_parent () INHERITS (routes_remote);
ALTER TABLE r_alter_foreign_table_parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_alter_foreign_table_parent TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_alter_foreign_table_parent TO tg_routes_service USING (true);

-- not_a_route_create_index
CREATE TABLE r_not_a_route_create_index (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_not_a_route_create_index ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_not_a_route_create_index TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_not_a_route_create_index TO tg_routes_service USING (true);

-- not_a_route_comment
CREATE TABLE r_not_a_route_comment (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_not_a_route_comment ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_not_a_route_comment TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_not_a_route_comment TO tg_routes_service USING (true);

-- not_a_route_grant
CREATE TABLE r_not_a_route_grant (id bigint, organization_id uuid, note text, amount int);
ALTER TABLE r_not_a_route_grant ENABLE ROW LEVEL SECURITY;
CREATE POLICY members ON r_not_a_route_grant TO tg_routes_app
    USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
CREATE POLICY service ON r_not_a_route_grant TO tg_routes_service USING (true);
