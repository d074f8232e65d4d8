-- Who may call what: nothing for PUBLIC; sealing for whom it is granted; keys for superusers.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tenant_guard;
RESET client_min_messages;
CREATE ROLE tg_app LOGIN;
CREATE ROLE tg_stranger LOGIN;
GRANT USAGE ON SCHEMA tenant_guard TO tg_app, tg_stranger;
GRANT EXECUTE ON FUNCTION
    tenant_guard.seal(uuid, text, text), tenant_guard.unseal(uuid, bytea, text),
    tenant_guard.blind_index(uuid, text, text), tenant_guard.reseal(uuid, bytea, text),
    tenant_guard.sealed_key_version(bytea)
    TO tg_app;

-- Every function and procedure of the extension that PUBLIC may execute: none.
SELECT p.proname
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tenant_guard'
WHERE has_function_privilege('public', p.oid, 'EXECUTE')
ORDER BY 1;
-- SECURITY DEFINER functions all pin search_path.
SELECT p.proname
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tenant_guard'
WHERE p.prosecdef AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%');

CREATE SCHEMA tg_app_schema AUTHORIZATION tg_app;

SET ROLE tg_app;
-- The application role seals and unseals without any access to the key table.
SELECT tenant_guard.unseal('0e0e0e0e-0000-4000-8000-00000000000e',
       tenant_guard.seal('0e0e0e0e-0000-4000-8000-00000000000e', 'app secret', 'c'), 'c');
-- A hostile search_path, ahead of pg_catalog, with look-alike objects in it: an = for uuid
-- that matches every org would hand this org another org's key if tenant_guard's own
-- queries resolved names through the caller's path.
CREATE TABLE tg_app_schema.org_key (org uuid);
CREATE FUNCTION tg_app_schema.always_equal(uuid, uuid) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR tg_app_schema.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = tg_app_schema.always_equal);
SET search_path = tg_app_schema, pg_catalog, public;
SELECT tenant_guard.seal('0f0f0f0f-0000-4000-8000-00000000000f', 'hostile path', 'c') AS v \gset
RESET search_path;
SELECT tenant_guard.unseal('0f0f0f0f-0000-4000-8000-00000000000f', :'v', 'c');
-- But nothing about keys.
SELECT * FROM tenant_guard.org_key;
UPDATE tenant_guard.org_key SET state = 'active';
DELETE FROM tenant_guard.org_key;
INSERT INTO tenant_guard.master_key_check VALUES ('k1', '\x00', now());
SELECT * FROM tenant_guard.master_key_check;
SELECT * FROM tenant_guard.key_status;
SELECT tenant_guard.rotate_org_key('0e0e0e0e-0000-4000-8000-00000000000e');
SELECT tenant_guard.shred_org('0e0e0e0e-0000-4000-8000-00000000000e');
SELECT tenant_guard.rewrap_org_keys();
SELECT * FROM tenant_guard.master_keys();
CALL tenant_guard.reseal_column('pg_class', 'relname');
SELECT tenant_guard.unseal_bytea('0e0e0e0e-0000-4000-8000-00000000000e', '\x00');
SHOW tenant_guard.key_file;
SET tenant_guard.key_file = '/tmp/other';
RESET ROLE;

-- Granting EXECUTE does not make key management work for an ordinary role: the functions
-- check for themselves.
GRANT EXECUTE ON FUNCTION tenant_guard.rotate_org_key(uuid), tenant_guard.shred_org(uuid),
    tenant_guard.active_key_version(uuid) TO tg_app;
SET ROLE tg_app;
SELECT tenant_guard.rotate_org_key('0e0e0e0e-0000-4000-8000-00000000000e');
SELECT tenant_guard.shred_org('0e0e0e0e-0000-4000-8000-00000000000e');
SELECT tenant_guard.active_key_version('0e0e0e0e-0000-4000-8000-00000000000e');
RESET ROLE;

-- A value naming a key version its organisation does not have: the application's role is not
-- told which versions the organisation has (its rotation history); a superuser is.
SELECT tenant_guard.rotate_org_key('0e0e0e0e-0000-4000-8000-00000000000e') AS rotated;
SELECT tenant_guard.rotate_org_key('0e0e0e0e-0000-4000-8000-00000000000e') AS rotated;
SET ROLE tg_app;
SELECT tenant_guard.unseal('0e0e0e0e-0000-4000-8000-00000000000e',
       set_byte(tenant_guard.seal('0e0e0e0e-0000-4000-8000-00000000000e', 'x', 'c'), 5, 9), 'c');
RESET ROLE;
SELECT tenant_guard.unseal('0e0e0e0e-0000-4000-8000-00000000000e',
       set_byte(tenant_guard.seal('0e0e0e0e-0000-4000-8000-00000000000e', 'x', 'c'), 5, 9), 'c');

-- A role without the grants cannot seal.
SET ROLE tg_stranger;
SELECT tenant_guard.seal('0e0e0e0e-0000-4000-8000-00000000000e', 'x');
SELECT tenant_guard.unseal('0e0e0e0e-0000-4000-8000-00000000000e', '\x00');
RESET ROLE;

DROP SCHEMA tg_app_schema CASCADE;
REVOKE ALL ON SCHEMA tenant_guard FROM tg_app, tg_stranger;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tenant_guard FROM tg_app;
DROP ROLE tg_app;
DROP ROLE tg_stranger;
