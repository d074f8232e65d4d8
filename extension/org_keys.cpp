#include "org_keys.h"

extern "C" {
#include "access/parallel.h"
#include "common/hashfn.h"
#include "storage/lmgr.h"
#include "utils/snapmgr.h"
}

#include "sealing_errors.h"
#include "sql_function.h"
#include "secure_memory.h"

using tenant_guard::KeyPurpose;
using tenant_guard::KeyWrapper;
namespace key_ring = tenant_guard::key_ring;

namespace {

// --- settings and master keys ------------------------------------------------------------

char* key_file_setting = nullptr;
char* key_command_setting = nullptr;

// Set by a change (or a reload) of either setting; the next use reloads the key source.
bool master_keys_stale = true;
bool master_keys_failed = false;
char master_keys_error[512];

enum class CheckState : uint8 { Unchecked, Verified, Mismatch };
CheckState* check_states = nullptr;  // one per loaded master key, in TopMemoryContext

Oid org_key_relid = InvalidOid;  // tenant_guard.org_key, once looked up
bool created_key_in_transaction = false;

void mark_master_keys_stale(const char*, void*) { master_keys_stale = true; }

void load_master_keys_now() {
    master_keys_stale = false;
    if (check_states != nullptr) {
        pfree(check_states);
        check_states = nullptr;
    }
    // Not raised here: a failure is remembered, said at start-up and raised at each use.
    const tenant_guard::Outcome<size_t> loaded = key_ring::load_master_keys(key_file_setting, key_command_setting);
    master_keys_failed = !loaded.ok;
    if (master_keys_failed) strlcpy(master_keys_error, loaded.error.detail, sizeof master_keys_error);
    if (!master_keys_failed)
        check_states = static_cast<CheckState*>(MemoryContextAllocZero(
            TopMemoryContext, sizeof(CheckState) * key_ring::master_key_count()));
}

// --- cache invalidation --------------------------------------------------------------------

void org_key_relcache_callback(Datum, Oid relid) {
    if (relid == InvalidOid || relid == org_key_relid) {
        key_ring::forget_org_keys();
        org_key_relid = InvalidOid;
    }
}

// A key created by a transaction that rolls back does not exist for anyone else: a value
// sealed under it later by this backend could never be opened. Forget it with the abort.
void forget_uncommitted_keys(XactEvent event, void*) {
    if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) {
        if (created_key_in_transaction) key_ring::forget_org_keys();
        created_key_in_transaction = false;
    } else if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT ||
               event == XACT_EVENT_PREPARE) {
        created_key_in_transaction = false;
    }
}

void forget_keys_of_aborted_subtransaction(SubXactEvent event, SubTransactionId, SubTransactionId,
                                           void*) {
    if (event == SUBXACT_EVENT_ABORT_SUB && created_key_in_transaction)
        key_ring::forget_org_keys();
}

// --- reading tenant_guard.org_key ----------------------------------------------------------

const char* purpose_name(KeyPurpose purpose) {
    return purpose == KeyPurpose::Seal ? "seal" : "blind_index";
}

struct OrgKeyRow {
    int32 version;
    bool active;
    bool destroyed;
    char* master_key_id;  // null when destroyed
    bytea* wrapped_key;   // null when destroyed
};

struct OrgKeyRows {
    OrgKeyRow* rows;
    int count;
};

Oid lookup_org_key_relid() {
    const Oid schema = get_namespace_oid("tenant_guard", true);
    const Oid relid = OidIsValid(schema) ? get_relname_relid("org_key", schema) : InvalidOid;
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                        errmsg("extension tenant_guard is not installed in this database")));
    return relid;
}

// Every key row of (org, purpose), copied into the caller's memory context.
OrgKeyRows fetch_org_keys(const pg_uuid_t* org, KeyPurpose purpose) {
    org_key_relid = lookup_org_key_relid();
    MemoryContext caller_context = CurrentMemoryContext;
    InternalSqlScope scope;
    begin_key_table_queries(&scope);
    Oid types[2] = {UUIDOID, TEXTOID};
    Datum values[2] = {UUIDPGetDatum(org), CStringGetTextDatum(purpose_name(purpose))};
    if (execute_on_key_tables(
            "SELECT version, state, master_key_id, wrapped_key FROM tenant_guard.org_key "
            "WHERE org OPERATOR(pg_catalog.=) $1 AND purpose OPERATOR(pg_catalog.=) $2 "
            "ORDER BY version",
            2, types, values, true, 0) != SPI_OK_SELECT)
        elog(ERROR, "tenant_guard: reading org keys failed");
    OrgKeyRows result;
    result.count = static_cast<int>(SPI_processed);
    result.rows = static_cast<OrgKeyRow*>(
        MemoryContextAllocZero(caller_context, sizeof(OrgKeyRow) * (result.count + 1)));
    for (int i = 0; i < result.count; ++i) {
        HeapTuple tuple = SPI_tuptable->vals[i];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool isnull;
        OrgKeyRow& row = result.rows[i];
        row.version = DatumGetInt32(SPI_getbinval(tuple, desc, 1, &isnull));
        char* state = TextDatumGetCString(SPI_getbinval(tuple, desc, 2, &isnull));
        row.active = strcmp(state, "active") == 0;
        row.destroyed = strcmp(state, "destroyed") == 0;
        Datum id = SPI_getbinval(tuple, desc, 3, &isnull);
        if (!isnull) row.master_key_id = MemoryContextStrdup(caller_context, TextDatumGetCString(id));
        Datum wrapped = SPI_getbinval(tuple, desc, 4, &isnull);
        if (!isnull) {
            MemoryContext spi_context = MemoryContextSwitchTo(caller_context);
            row.wrapped_key = DatumGetByteaPCopy(wrapped);
            MemoryContextSwitchTo(spi_context);
        }
    }
    end_internal_sql(&scope);
    return result;
}

// Unwraps row into the cache.
key_ring::CachedKey* install_row(const pg_uuid_t* org, KeyPurpose purpose, const OrgKeyRow& row) {
    const int master_index = key_ring::find_master_key(row.master_key_id);
    if (master_index < 0) report_master_key_not_loaded(org, row.version, row.master_key_id);
    verify_master_key(static_cast<size_t>(master_index), false);
    key_ring::CachedKey* key = nullptr;
    const key_ring::Result result = value_or_raise(key_ring::install_key(
        org->data, purpose, static_cast<uint32>(row.version), row.active,
        static_cast<size_t>(master_index), reinterpret_cast<const uint8*>(VARDATA_ANY(row.wrapped_key)),
        VARSIZE_ANY_EXHDR(row.wrapped_key), &key));
    if (result != key_ring::Result::Ok) report_unwrap_failure(org, row.version, row.master_key_id);
    return key;
}

bool all_destroyed(const OrgKeyRows& keys) {
    for (int i = 0; i < keys.count; ++i)
        if (!keys.rows[i].destroyed) return false;
    return keys.count > 0;
}

}  // namespace

// --- public -----------------------------------------------------------------------------

void tg_keys_init(void) {
    DefineCustomStringVariable(
        "tenant_guard.key_file",
        "File holding tenant_guard's master keys (one `<id> <64 hex digits> [active]` a line).",
        "It must not be accessible by group or others, like ssl_key_file.", &key_file_setting,
        "", PGC_SIGHUP, GUC_SUPERUSER_ONLY, nullptr, mark_master_keys_stale, nullptr);
    DefineCustomStringVariable(
        "tenant_guard.key_command",
        "Command whose standard output gives tenant_guard's master keys; used instead of "
        "tenant_guard.key_file when set.",
        nullptr, &key_command_setting, "", PGC_SIGHUP, GUC_SUPERUSER_ONLY, nullptr,
        mark_master_keys_stale, nullptr);

    CacheRegisterRelcacheCallback(org_key_relcache_callback, (Datum) 0);
    RegisterXactCallback(forget_uncommitted_keys, nullptr);
    RegisterSubXactCallback(forget_keys_of_aborted_subtransaction, nullptr);

    // At server start, say in the log whether the key source is usable, then let go of the
    // keys: the postmaster never needs them, and each backend reads them on first use.
    if (process_shared_preload_libraries_in_progress) {
        load_master_keys_now();
        if (master_keys_failed)
            ereport(WARNING, (errmsg("tenant_guard: master keys are unusable: %s", master_keys_error),
                              errdetail("Sealing and unsealing fail until this is fixed and the "
                                        "configuration reloaded; the guard works regardless.")));
        else
            ereport(LOG, (errmsg("tenant_guard: %zu master key(s) usable, active key \"%s\"",
                                 key_ring::master_key_count(),
                                 key_ring::master_key_id(key_ring::active_master_key()))));
        key_ring::forget_master_keys();
        master_keys_stale = true;
    }
}

void begin_key_table_queries(InternalSqlScope* scope) { begin_internal_sql(scope, BOOTSTRAP_SUPERUSERID); }

size_t require_master_keys(bool record) {
    if (master_keys_stale) load_master_keys_now();
    // What is wrong names the key file's path, its lines and key ids: for superusers and the
    // server log, not for the application's role.
    if (master_keys_failed && superuser())
        ereport(ERROR, (errcode(TG_ERRCODE_MASTER_KEYS_UNAVAILABLE),
                        errmsg("tenant_guard has no usable master keys"),
                        errdetail("%s", master_keys_error),
                        errhint("Fix tenant_guard.key_file or tenant_guard.key_command, then "
                                "reload the configuration (SELECT pg_reload_conf()).")));
    if (master_keys_failed)
        ereport(ERROR, (errcode(TG_ERRCODE_MASTER_KEYS_UNAVAILABLE),
                        errmsg("tenant_guard has no usable master keys"),
                        errdetail("The server log says why."), errdetail_log("%s", master_keys_error),
                        errhint("A superuser must fix tenant_guard.key_file or "
                                "tenant_guard.key_command.")));
    const size_t active = key_ring::active_master_key();
    if (record) verify_master_key(active, true);
    return active;
}

void verify_master_key(size_t index, bool record) {
    if (check_states[index] == CheckState::Verified) return;
    const char* id = key_ring::master_key_id(index);
    if (check_states[index] == CheckState::Unchecked) {
        uint8 expected[key_ring::kCheckValueSize];
        (void) value_or_raise(key_ring::master_key_check_value(index, expected));
        InternalSqlScope scope;
        begin_key_table_queries(&scope);
        Oid types[2] = {TEXTOID, BYTEAOID};
        bytea* check_value = static_cast<bytea*>(palloc(VARHDRSZ + sizeof expected));
        SET_VARSIZE(check_value, VARHDRSZ + sizeof expected);
        memcpy(VARDATA(check_value), expected, sizeof expected);
        Datum values[2] = {CStringGetTextDatum(id), PointerGetDatum(check_value)};
        const char* select =
            "SELECT check_value FROM tenant_guard.master_key_check "
            "WHERE key_id OPERATOR(pg_catalog.=) $1";
        if (execute_on_key_tables(select, 1, types, values, true, 1) != SPI_OK_SELECT)
            elog(ERROR, "tenant_guard: reading master key check values failed");
        // Another session may be recording this id (even with a different key): wait for it,
        // then compare with what it recorded.
        while (SPI_processed == 0 && record && !RecoveryInProgress() && !XactReadOnly) {
            const bool may_write =
                lock_first_write("master_key_check", reinterpret_cast<const uint8*>(id), strlen(id));
            if (execute_on_key_tables(select, 1, types, values, false, 1) != SPI_OK_SELECT)
                elog(ERROR, "tenant_guard: reading master key check values failed");
            if (SPI_processed > 0 || !may_write) continue;
            if (execute_on_key_tables(
                    "INSERT INTO tenant_guard.master_key_check (key_id, check_value) "
                    "VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING",
                    2, types, values, false, 0) != SPI_OK_INSERT)
                elog(ERROR, "tenant_guard: recording a master key check value failed");
            if (execute_on_key_tables(select, 1, types, values, false, 1) != SPI_OK_SELECT)
                elog(ERROR, "tenant_guard: reading master key check values failed");
            break;
        }
        if (SPI_processed > 0) {
            bool isnull;
            bytea* recorded = DatumGetByteaPP(
                SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
            const bool matches =
                VARSIZE_ANY_EXHDR(recorded) == sizeof expected &&
                tenant_guard::constant_time_equal(reinterpret_cast<const uint8*>(VARDATA_ANY(recorded)),
                                                  expected, sizeof expected);
            check_states[index] = matches ? CheckState::Verified : CheckState::Mismatch;
        }
        end_internal_sql(&scope);
    }
    if (check_states[index] == CheckState::Mismatch)
        ereport(ERROR, (errcode(TG_ERRCODE_MASTER_KEY_MISMATCH),
                        errmsg("master key \"%s\" is not the key that was first used under that id", id),
                        errdetail("Its check value differs from the one recorded in "
                                  "tenant_guard.master_key_check. Sealing and unsealing with it "
                                  "fail closed, so that nothing is sealed under the wrong key."),
                        errhint("Restore the original key under id \"%s\" in the key file and "
                                "reload; a new key needs a new id.", id)));
}

void require_writable(const pg_uuid_t* org) {
    if (RecoveryInProgress() || XactReadOnly)
        ereport(ERROR, (errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
                        errmsg("cannot create a key for organization %s in a read-only transaction",
                               org_text(org)),
                        errdetail("Organization %s has no key yet; creating one writes to "
                                  "tenant_guard.org_key.", org_text(org)),
                        errhint("Seal the first value for a new organization on the primary, in "
                                "a read-write transaction.")));
}

uint64 execute_for_org(const char* sql, const pg_uuid_t* org, int expected) {
    Oid types[1] = {UUIDOID};
    Datum values[1] = {UUIDPGetDatum(org)};
    if (execute_on_key_tables(sql, 1, types, values, false, 0) != expected)
        elog(ERROR, "tenant_guard: a query on tenant_guard.org_key failed");
    return SPI_processed;
}

int execute_on_key_tables(const char* sql, int nargs, Oid* types, Datum* values, bool read_only,
                          long count) {
    // A parallel worker may not take a snapshot, and never writes: the query's snapshot will do.
    if (IsInParallelMode())
        return SPI_execute_with_args(sql, nargs, types, values, nullptr, true, count);
    SPIPlanPtr plan = SPI_prepare(sql, nargs, types);
    if (plan == nullptr) elog(ERROR, "tenant_guard: preparing a query on the key tables failed");
    const int result = SPI_execute_snapshot(plan, values, nullptr, GetLatestSnapshot(), InvalidSnapshot,
                                            read_only, true, count);
    SPI_freeplan(plan);
    return result;
}

bool lock_first_write(const char* table, const uint8* key, size_t key_size) {
    // An object lock whose "class" is the org_key table and whose "object" is a hash: no SQL
    // reaches it (an advisory lock would let any role hold it and stall a new org's first seal).
    const uint32 seed = hash_bytes(reinterpret_cast<const unsigned char*>(table), static_cast<int>(strlen(table)));
    const Oid lock_class = lookup_org_key_relid();
    const Oid lock_object = hash_bytes_extended(key, static_cast<int>(key_size), seed);
    if (ConditionalLockDatabaseObject(lock_class, lock_object, 0, ExclusiveLock)) return true;
    // Another transaction is writing it: wait for that transaction to end, holding nothing after.
    LockDatabaseObject(lock_class, lock_object, 0, ShareLock);
    UnlockDatabaseObject(lock_class, lock_object, 0, ShareLock);
    return false;
}

void lock_org_keys_for_change(void) {
    if (SPI_execute("LOCK TABLE tenant_guard.org_key IN SHARE ROW EXCLUSIVE MODE", false, 0) !=
        SPI_OK_UTILITY)
        elog(ERROR, "tenant_guard: locking tenant_guard.org_key failed");
}

void insert_org_key(const pg_uuid_t* org, KeyPurpose purpose, int32 version) {
    const size_t active = key_ring::active_master_key();
    bytea* wrapped = static_cast<bytea*>(palloc(VARHDRSZ + KeyWrapper::kWrappedSize));
    SET_VARSIZE(wrapped, VARHDRSZ + KeyWrapper::kWrappedSize);
    (void) value_or_raise(key_ring::new_wrapped_key(org->data, purpose, static_cast<uint32>(version),
                                                    reinterpret_cast<uint8*>(VARDATA(wrapped))));
    Oid types[5] = {UUIDOID, TEXTOID, INT4OID, TEXTOID, BYTEAOID};
    Datum values[5] = {UUIDPGetDatum(org), CStringGetTextDatum(purpose_name(purpose)),
                       Int32GetDatum(version),
                       CStringGetTextDatum(key_ring::master_key_id(active)),
                       PointerGetDatum(wrapped)};
    // ON CONFLICT: a key made meanwhile by a session outside lock_first_write (a rotation) is kept.
    if (execute_on_key_tables(
            "INSERT INTO tenant_guard.org_key (org, purpose, version, state, master_key_id, wrapped_key) "
            "VALUES ($1, $2, $3, 'active', $4, $5) ON CONFLICT DO NOTHING",
            5, types, values, false, 0) != SPI_OK_INSERT)
        elog(ERROR, "tenant_guard: storing a new org key failed");
    created_key_in_transaction = true;
}

key_ring::CachedKey* active_org_key(const pg_uuid_t* org, KeyPurpose purpose, bool create,
                                    bool missing_ok) {
    require_master_keys(false);
    if (key_ring::CachedKey* key = key_ring::find_active_key(org->data, purpose)) return key;

    OrgKeyRows keys = fetch_org_keys(org, purpose);
    if (keys.count == 0 && create) {
        require_writable(org);
        require_master_keys(true);
        // Sessions sealing for the same new organisation at once: one makes the key, the
        // others wait for its transaction to end, then use the key it committed.
        uint8 first_key[UUID_LEN + 1];
        memcpy(first_key, org->data, UUID_LEN);
        first_key[UUID_LEN] = static_cast<uint8>(purpose);
        keys = fetch_org_keys(org, purpose);  // made while require_master_keys waited?
        while (keys.count == 0) {
            const bool may_write = lock_first_write("org_key", first_key, sizeof first_key);
            keys = fetch_org_keys(org, purpose);
            if (keys.count > 0 || !may_write) continue;
            InternalSqlScope scope;
            begin_key_table_queries(&scope);
            insert_org_key(org, purpose, 1);
            end_internal_sql(&scope);
            keys = fetch_org_keys(org, purpose);
            break;
        }
    }
    for (int i = 0; i < keys.count; ++i)
        if (keys.rows[i].active) return install_row(org, purpose, keys.rows[i]);
    if (missing_ok) return nullptr;
    if (all_destroyed(keys)) report_shredded(org);
    ereport(ERROR, (errcode(TG_ERRCODE_NO_ORG_KEY),
                    errmsg("organization %s has no active %s key", org_text(org), purpose_name(purpose)),
                    errdetail("Nothing has been sealed for it yet.")));
    pg_unreachable();
}

key_ring::CachedKey* org_key_version(const pg_uuid_t* org, uint32 version) {
    require_master_keys(false);
    if (key_ring::CachedKey* key = key_ring::find_key(org->data, KeyPurpose::Seal, version)) return key;

    const OrgKeyRows keys = fetch_org_keys(org, KeyPurpose::Seal);
    if (keys.count == 0)
        ereport(ERROR, (errcode(TG_ERRCODE_NO_ORG_KEY),
                        errmsg("organization %s has no keys", org_text(org)),
                        errdetail("Nothing has been sealed for it: the value was sealed for "
                                  "another organization.")));
    for (int i = 0; i < keys.count; ++i) {
        const OrgKeyRow& row = keys.rows[i];
        if (static_cast<uint32>(row.version) != version) continue;
        if (row.destroyed) report_shredded(org);
        return install_row(org, KeyPurpose::Seal, row);
    }
    if (all_destroyed(keys)) report_shredded(org);
    // How many versions the organisation has is its rotation history: superusers and the log.
    if (superuser())
        ereport(ERROR, (errcode(TG_ERRCODE_UNKNOWN_KEY_VERSION),
                        errmsg("organization %s has no key version %u", org_text(org), version),
                        errdetail("Its key versions are 1 to %d: the value was sealed for another "
                                  "organization, or it has been altered.",
                                  keys.rows[keys.count - 1].version)));
    ereport(ERROR, (errcode(TG_ERRCODE_UNKNOWN_KEY_VERSION),
                    errmsg("organization %s has no key version %u", org_text(org), version),
                    errdetail("The value was sealed for another organization, or it has been altered."),
                    errdetail_log("Its key versions are 1 to %d.", keys.rows[keys.count - 1].version)));
    pg_unreachable();
}
