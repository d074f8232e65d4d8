// SQL entry points for key management (superuser only): rotate_org_key, shred_org,
// rewrap_org_keys, active_key_version, master_keys, and the org_key change trigger. The
// entry-point idiom of sql_function.h.
#include "sql_function.h"

#include "org_keys.h"
#include "sealing_errors.h"

using tenant_guard::KeyPurpose;
using tenant_guard::KeyWrapper;
namespace key_ring = tenant_guard::key_ring;

TG_SQL_FUNCTION(tg_rotate_org_key)
TG_SQL_FUNCTION(tg_shred_org)
TG_SQL_FUNCTION(tg_rewrap_org_keys)
TG_SQL_FUNCTION(tg_active_key_version)
TG_SQL_FUNCTION(tg_master_keys)
TG_SQL_FUNCTION(tg_org_key_changed)

extern "C" Datum tg_rotate_org_key(PG_FUNCTION_ARGS) {
    require_superuser("rotate_org_key");
    const pg_uuid_t* org = PG_GETARG_UUID_P(0);
    require_writable(org);
    require_master_keys(true);

    InternalSqlScope scope;
    begin_key_table_queries(&scope);
    lock_org_keys_for_change();
    execute_for_org(
        "SELECT pg_catalog.max(version), pg_catalog.bool_and(state OPERATOR(pg_catalog.=) 'destroyed') "
        "FROM tenant_guard.org_key WHERE org OPERATOR(pg_catalog.=) $1 "
        "AND purpose OPERATOR(pg_catalog.=) 'seal'",
        org, SPI_OK_SELECT);
    bool no_keys, shredded_isnull;
    const int32 newest = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &no_keys));
    const bool shredded = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &shredded_isnull));
    if (!no_keys && shredded) report_shredded(org);
    const int32 version = no_keys ? 1 : newest + 1;
    if (!no_keys)
        execute_for_org(
            "UPDATE tenant_guard.org_key SET state = 'decrypt-only' "
            "WHERE org OPERATOR(pg_catalog.=) $1 AND purpose OPERATOR(pg_catalog.=) 'seal' "
            "AND state OPERATOR(pg_catalog.=) 'active'",
            org, SPI_OK_UPDATE);
    insert_org_key(org, KeyPurpose::Seal, version);
    end_internal_sql(&scope);
    key_ring::forget_org_keys();
    PG_RETURN_INT32(version);
}

extern "C" Datum tg_shred_org(PG_FUNCTION_ARGS) {
    require_superuser("shred_org");
    const pg_uuid_t* org = PG_GETARG_UUID_P(0);
    // No master key is needed to destroy keys: shredding must work even when none is loaded.
    InternalSqlScope scope;
    begin_key_table_queries(&scope);
    lock_org_keys_for_change();
    const int32 destroyed = static_cast<int32>(execute_for_org(
        "UPDATE tenant_guard.org_key SET state = 'destroyed', wrapped_key = NULL, "
        "master_key_id = NULL, destroyed_at = pg_catalog.now() "
        "WHERE org OPERATOR(pg_catalog.=) $1 AND state OPERATOR(pg_catalog.<>) 'destroyed'",
        org, SPI_OK_UPDATE));
    end_internal_sql(&scope);
    key_ring::forget_org_keys();
    PG_RETURN_INT32(destroyed);
}

extern "C" Datum tg_rewrap_org_keys(PG_FUNCTION_ARGS) {
    require_superuser("rewrap_org_keys");
    const size_t active = require_master_keys(true);
    const char* active_id = key_ring::master_key_id(active);

    InternalSqlScope scope;
    begin_key_table_queries(&scope);
    lock_org_keys_for_change();
    Oid select_types[1] = {TEXTOID};
    Datum select_values[1] = {CStringGetTextDatum(active_id)};
    if (SPI_execute_with_args(
            "SELECT org, purpose, version, master_key_id, wrapped_key FROM tenant_guard.org_key "
            "WHERE master_key_id OPERATOR(pg_catalog.<>) $1 ORDER BY org, purpose, version",
            1, select_types, select_values, nullptr, false, 0) != SPI_OK_SELECT)
        elog(ERROR, "tenant_guard: reading org keys failed");
    SPITupleTable* stale = SPI_tuptable;
    const uint64 count = SPI_processed;
    Oid update_types[5] = {UUIDOID, TEXTOID, INT4OID, TEXTOID, BYTEAOID};
    SPIPlanPtr update = SPI_prepare(
        "UPDATE tenant_guard.org_key SET master_key_id = $4, wrapped_key = $5 "
        "WHERE org OPERATOR(pg_catalog.=) $1 AND purpose OPERATOR(pg_catalog.=) $2 "
        "AND version OPERATOR(pg_catalog.=) $3",
        5, update_types);
    if (update == nullptr) elog(ERROR, "tenant_guard: preparing the rewrap failed");
    bytea* rewrapped = static_cast<bytea*>(palloc(VARHDRSZ + KeyWrapper::kWrappedSize));
    SET_VARSIZE(rewrapped, VARHDRSZ + KeyWrapper::kWrappedSize);
    for (uint64 i = 0; i < count; ++i) {
        bool isnull;
        HeapTuple row = stale->vals[i];
        const pg_uuid_t* org = DatumGetUUIDP(SPI_getbinval(row, stale->tupdesc, 1, &isnull));
        Datum purpose = SPI_getbinval(row, stale->tupdesc, 2, &isnull);
        const int32 version = DatumGetInt32(SPI_getbinval(row, stale->tupdesc, 3, &isnull));
        const char* from_id = TextDatumGetCString(SPI_getbinval(row, stale->tupdesc, 4, &isnull));
        const bytea* wrapped = DatumGetByteaPP(SPI_getbinval(row, stale->tupdesc, 5, &isnull));
        const int from = key_ring::find_master_key(from_id);
        if (from < 0) report_master_key_not_loaded(org, version, from_id);
        verify_master_key(static_cast<size_t>(from), false);
        const KeyPurpose key_purpose =
            strcmp(TextDatumGetCString(purpose), "seal") == 0 ? KeyPurpose::Seal : KeyPurpose::BlindIndex;
        const key_ring::Result result = value_or_raise(key_ring::rewrap_key(
            org->data, key_purpose, static_cast<uint32>(version), static_cast<size_t>(from),
            reinterpret_cast<const uint8*>(VARDATA_ANY(wrapped)), VARSIZE_ANY_EXHDR(wrapped),
            reinterpret_cast<uint8*>(VARDATA(rewrapped))));
        if (result != key_ring::Result::Ok) report_unwrap_failure(org, version, from_id);
        Datum values[5] = {UUIDPGetDatum(org), purpose, Int32GetDatum(version),
                           CStringGetTextDatum(active_id), PointerGetDatum(rewrapped)};
        if (SPI_execute_plan(update, values, nullptr, false, 0) != SPI_OK_UPDATE)
            elog(ERROR, "tenant_guard: storing a rewrapped org key failed");
    }
    end_internal_sql(&scope);
    key_ring::forget_org_keys();
    PG_RETURN_INT64(static_cast<int64>(count));
}

extern "C" Datum tg_active_key_version(PG_FUNCTION_ARGS) {
    // Which version an organisation is at says how often its key was rotated: key management.
    require_superuser("active_key_version");
    key_ring::CachedKey* key = active_org_key(PG_GETARG_UUID_P(0), KeyPurpose::Seal, false, true);
    if (key == nullptr) PG_RETURN_NULL();
    PG_RETURN_INT32(static_cast<int32>(key_ring::key_version(key)));
}

extern "C" Datum tg_master_keys(PG_FUNCTION_ARGS) {
    require_superuser("master_keys");
    require_master_keys(false);
    InitMaterializedSRF(fcinfo, 0);
    ReturnSetInfo* result = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    const size_t active = key_ring::active_master_key();
    for (size_t i = 0; i < key_ring::master_key_count(); ++i) {
        bytea* check_value = static_cast<bytea*>(palloc(VARHDRSZ + key_ring::kCheckValueSize));
        SET_VARSIZE(check_value, VARHDRSZ + key_ring::kCheckValueSize);
        (void) value_or_raise(key_ring::master_key_check_value(i, reinterpret_cast<uint8*>(VARDATA(check_value))));
        Datum values[3] = {CStringGetTextDatum(key_ring::master_key_id(i)), BoolGetDatum(i == active),
                           PointerGetDatum(check_value)};
        bool nulls[3] = {false, false, false};
        tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
    }
    return (Datum) 0;
}

// AFTER UPDATE OR DELETE OR TRUNCATE ON tenant_guard.org_key, per statement: every backend
// drops its cached org keys at its next transaction (the relcache callback in org_keys.cpp).
extern "C" Datum tg_org_key_changed(PG_FUNCTION_ARGS) {
    if (!CALLED_AS_TRIGGER(fcinfo)) elog(ERROR, "tg_org_key_changed: not called as a trigger");
    TriggerData* trigger = reinterpret_cast<TriggerData*>(fcinfo->context);
    CacheInvalidateRelcacheByRelid(RelationGetRelid(trigger->tg_relation));
    return PointerGetDatum(nullptr);
}
