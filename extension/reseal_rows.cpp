// tenant_guard.reseal_rows(): one batch of reseal_column (sql/tenant_guard--*.sql), on one leaf
// table and one range of row ids.
//
// The caller is a superuser; the table belongs to its owner, who may have planted code that
// runs when its rows change (triggers, rules, CHECK and domain constraints, generated columns,
// index expressions, row level security policies). Like VACUUM, ANALYZE and REFRESH
// MATERIALIZED VIEW, every query that plans or changes the table runs as the table's owner in
// a security-restricted operation, inside its own GUC nest level with a pinned search_path, so
// that nothing the owner planted runs with the caller's rights or leaves a setting behind. What
// needs the caller's rights stays outside that context and runs no user code: the rows are
// read with a plain heap scan (no planner, no policy, no expression), and the values are opened
// and sealed again in C with the extension's keys, which the owner may not use.
//
// The entry-point idiom of sql_function.h: C-style code, no C++ object with a destructor is
// alive while PostgreSQL is called. On an error the (sub)transaction's abort restores the user
// id, security context and settings.
#include "pg_headers.h"

extern "C" {
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "storage/itemptr.h"
#include "utils/array.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
}

#include "internal_sql.h"
#include "sql_function.h"
#include "org_keys.h"
#include "seal_bytes.h"
#include "sealed_value.h"
#include "sealing_errors.h"

using tenant_guard::KeyPurpose;
namespace key_ring = tenant_guard::key_ring;
namespace sealed = tenant_guard::sealed;

TG_SQL_FUNCTION(tg_reseal_rows)

namespace {

// A row whose value is not under its organisation's active key.
struct StaleRow {
    ItemPointerData tid;
    pg_uuid_t org;
    bytea* value;     // as read
    bytea* resealed;  // under the active key, when written
    bool visible;     // to the table's owner, before the write
    bool skipped;     // visible, but unchanged after the write
};

struct StaleRows {
    StaleRow* rows;
    int count;
    int capacity;
};

// attname of rel, which must be a user column of base type base_type (or a domain over it).
AttrNumber required_column(Relation rel, const Name name, Oid base_type, bool written) {
    const AttrNumber attnum = get_attnum(RelationGetRelid(rel), NameStr(*name));
    if (attnum == InvalidAttrNumber)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
                        errmsg("column \"%s\" of relation \"%s\" does not exist", NameStr(*name),
                               RelationGetRelationName(rel))));
    if (attnum < 0)
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                        errmsg("column \"%s\" of relation \"%s\" is a system column", NameStr(*name),
                               RelationGetRelationName(rel))));
    const Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
    if (getBaseType(attribute->atttypid) != base_type)
        ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                        errmsg("column \"%s\" of relation \"%s\" is of type %s, not %s",
                               NameStr(*name), RelationGetRelationName(rel),
                               format_type_be(attribute->atttypid), format_type_be(base_type))));
    if (written && attribute->attgenerated != '\0')
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                        errmsg("column \"%s\" of relation \"%s\" is a generated column",
                               NameStr(*name), RelationGetRelationName(rel))));
    return attnum;
}

// Whether value is not sealed under org's active key. A value that is not a sealed value at
// all counts as stale: re-sealing it fails, and that failure names the row. An organisation
// without an active key (none yet, or shredded) has nothing to re-seal under.
bool is_stale(const pg_uuid_t* org, const bytea* value) {
    uint32 version = 0;
    const sealed::Status status = sealed::read_header(
        tenant_guard::ByteView(reinterpret_cast<const uint8*>(VARDATA_ANY(value)), VARSIZE_ANY_EXHDR(value)),
        &version);
    if (status != sealed::Status::Ok) return true;
    key_ring::CachedKey* key = active_org_key(org, KeyPurpose::Seal, false, true);
    return key != nullptr && key_ring::key_version(key) != version;
}

void add_row(StaleRows* rows, ItemPointer tid, const pg_uuid_t* org, bytea* value) {
    if (rows->count == rows->capacity) {
        rows->capacity = rows->capacity == 0 ? 64 : rows->capacity * 2;
        rows->rows = static_cast<StaleRow*>(rows->rows == nullptr
                                                ? palloc(sizeof(StaleRow) * rows->capacity)
                                                : repalloc(rows->rows, sizeof(StaleRow) * rows->capacity));
    }
    StaleRow& row = rows->rows[rows->count++];
    ItemPointerCopy(tid, &row.tid);
    memcpy(row.org.data, org->data, UUID_LEN);
    row.value = value;
    row.resealed = nullptr;
    row.visible = false;
    row.skipped = false;
}

// The stale values of rel between first and last (inclusive), read as the caller with a heap
// scan in row id order: no planner, no policy, no user code.
StaleRows read_stale_rows(Relation rel, AttrNumber org_attnum, AttrNumber value_attnum,
                          ItemPointer first, ItemPointer last) {
    StaleRows rows{nullptr, 0, 0};
    if (ItemPointerCompare(first, last) > 0) return rows;
    Snapshot snapshot = RegisterSnapshot(GetTransactionSnapshot());
    TableScanDesc scan = table_beginscan_tidrange(rel, snapshot, first, last);
    TupleTableSlot* slot = table_slot_create(rel, nullptr);
    while (table_scan_getnextslot_tidrange(scan, ForwardScanDirection, slot)) {
        bool org_null, value_null;
        const Datum org = slot_getattr(slot, org_attnum, &org_null);
        const Datum value = slot_getattr(slot, value_attnum, &value_null);
        if (org_null || value_null) continue;
        bytea* copy = DatumGetByteaPCopy(value);
        if (is_stale(DatumGetUUIDP(org), copy))
            add_row(&rows, &slot->tts_tid, DatumGetUUIDP(org), copy);
        else
            pfree(copy);
    }
    ExecDropSingleTupleTableSlot(slot);
    table_endscan(scan);
    UnregisterSnapshot(snapshot);
    return rows;
}

Datum tid_array(const StaleRows& rows, bool (*wanted)(const StaleRow&)) {
    Datum* elements = static_cast<Datum*>(palloc(sizeof(Datum) * (rows.count + 1)));
    int n = 0;
    for (int i = 0; i < rows.count; ++i)
        if (wanted(rows.rows[i])) elements[n++] = PointerGetDatum(&rows.rows[i].tid);
    return PointerGetDatum(construct_array(elements, n, TIDOID, sizeof(ItemPointerData), false, TYPALIGN_SHORT));
}

Datum bytea_array(const StaleRows& rows, bool resealed) {
    Datum* elements = static_cast<Datum*>(palloc(sizeof(Datum) * (rows.count + 1)));
    int n = 0;
    for (int i = 0; i < rows.count; ++i)
        if (rows.rows[i].visible)
            elements[n++] = PointerGetDatum(resealed ? rows.rows[i].resealed : rows.rows[i].value);
    return PointerGetDatum(construct_array(elements, n, BYTEAOID, -1, false, TYPALIGN_INT));
}

// rows are in row id order: a binary search finds a row id that a query returned.
StaleRow* find_row(StaleRows* rows, ItemPointer tid) {
    int low = 0, high = rows->count - 1;
    while (low <= high) {
        const int middle = (low + high) / 2;
        const int order = ItemPointerCompare(&rows->rows[middle].tid, tid);
        if (order == 0) return &rows->rows[middle];
        if (order < 0) low = middle + 1; else high = middle - 1;
    }
    return nullptr;
}

// Runs sql as the owner with the ids of the rows it can see as $1 (their old values as $2, the
// re-sealed ones as $3).
void run_as_owner(const char* sql, const StaleRows& rows, int nargs, bool returns_rows) {
    auto visible = [](const StaleRow& row) { return row.visible; };
    Oid types[3] = {TIDARRAYOID, BYTEAARRAYOID, BYTEAARRAYOID};
    Datum values[3] = {tid_array(rows, visible), nargs > 1 ? bytea_array(rows, false) : (Datum) 0,
                       nargs > 2 ? bytea_array(rows, true) : (Datum) 0};
    const int result = SPI_execute_with_args(sql, nargs, types, values, nullptr, false, 0);
    // The owner's rules may turn the UPDATE into other commands: any success will do there.
    if (result < 0 || (returns_rows && result != SPI_OK_SELECT))
        elog(ERROR, "tenant_guard: a re-seal query returned %d", result);
}

// Sets flag on the rows whose ids the last query returned.
void mark_returned_rows(StaleRows* rows, bool StaleRow::*flag) {
    for (uint64 i = 0; i < SPI_processed; ++i) {
        bool isnull;
        const Datum tid = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
        if (isnull) continue;
        if (StaleRow* row = find_row(rows, reinterpret_cast<ItemPointer>(DatumGetPointer(tid)))) row->*flag = true;
    }
}

// Writes the re-sealed values as the owner. Afterwards a row is visible when the owner saw it
// and it changed, skipped (a BEFORE trigger returned NULL, a DO INSTEAD rule) when the owner
// still sees it unchanged, hidden when the owner never saw it (FORCE ROW LEVEL SECURITY).
void write_as_owner(Relation rel, const char* column, StaleRows* rows) {
    const char* table = quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)),
                                                   RelationGetRelationName(rel));
    for (int i = 0; i < rows->count; ++i) rows->rows[i].visible = true;
    const char* visible_sql = psprintf(
        "SELECT u.t FROM pg_catalog.unnest($1) AS u(t) "
        "WHERE EXISTS (SELECT FROM ONLY %s AS x WHERE x.ctid OPERATOR(pg_catalog.=) u.t)",
        table);
    const char* update_sql = psprintf(
        "UPDATE ONLY %1$s AS x SET %2$s = u.new "
        "FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3)) AS u(t, old, new) "
        "WHERE x.ctid OPERATOR(pg_catalog.=) u.t AND x.%2$s OPERATOR(pg_catalog.=) u.old",
        table, column);
    const char* unchanged_sql = psprintf(
        "SELECT u.t FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2)) AS u(t, old) "
        "WHERE EXISTS (SELECT FROM ONLY %1$s AS x "
        "WHERE x.ctid OPERATOR(pg_catalog.=) u.t AND x.%2$s OPERATOR(pg_catalog.=) u.old)",
        table, column);

    // Without policies that apply to the owner, it sees every row; without them, a BEFORE UPDATE
    // trigger or a rule, none of its rows can be left unchanged without an error. Then the
    // queries that find out are skipped.
    const bool owner_under_rls =
        check_enable_rls(RelationGetRelid(rel), rel->rd_rel->relowner, true) == RLS_ENABLED;
    const bool may_skip_rows = owner_under_rls || rel->rd_rel->relhasrules ||
                               (rel->trigdesc != nullptr && rel->trigdesc->trig_update_before_row);
    // The owner's context, as ExecRefreshMatView sets it up (internal_sql.h): every query below
    // plans and runs as the owner, may not change roles or leave work for after the operation,
    // and finds names with search_path = pg_catalog, pg_temp. Whatever settings the owner's code
    // changes are undone.
    InternalSqlScope context;
    begin_internal_sql(&context, rel->rd_rel->relowner);
    if (owner_under_rls) {
        run_as_owner(visible_sql, *rows, 1, true);  // every stale row is a candidate here
        for (int i = 0; i < rows->count; ++i) rows->rows[i].visible = false;
        mark_returned_rows(rows, &StaleRow::visible);
    }
    run_as_owner(update_sql, *rows, 3, false);
    if (may_skip_rows) {
        run_as_owner(unchanged_sql, *rows, 2, true);
        mark_returned_rows(rows, &StaleRow::skipped);
    }
    end_internal_sql(&context);
}

}  // namespace

// reseal_rows(leaf regclass, col name, org_col name, context text, first tid, last tid,
//             write boolean, OUT stale tid[], OUT resealed bigint, OUT skipped tid[],
//             OUT hidden tid[])
// Without write: only the stale rows between first and last. With write: they are re-sealed,
// and those that were not are returned as skipped by the owner's code or hidden from it.
extern "C" Datum tg_reseal_rows(PG_FUNCTION_ARGS) {
    require_superuser("reseal_rows");
    const Oid leaf = PG_GETARG_OID(0);
    const Name column = PG_GETARG_NAME(1);
    const Name org_column = PG_GETARG_NAME(2);
    const text* context = PG_GETARG_TEXT_PP(3);
    ItemPointer first = reinterpret_cast<ItemPointer>(PG_GETARG_POINTER(4));
    ItemPointer last = reinterpret_cast<ItemPointer>(PG_GETARG_POINTER(5));
    const bool write = PG_GETARG_BOOL(6);

    TupleDesc result_desc;
    if (get_call_result_type(fcinfo, nullptr, &result_desc) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "tenant_guard: reseal_rows must return a record");
    // The lock that the UPDATE takes, from the start: no upgrade, no deadlock with a writer.
    Relation rel = table_open(leaf, write ? RowExclusiveLock : AccessShareLock);
    if (rel->rd_rel->relkind != RELKIND_RELATION)
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
                        errmsg("\"%s\" is not a table with storage", RelationGetRelationName(rel))));
    if (RELATION_IS_OTHER_TEMP(rel))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("cannot re-seal temporary tables of other sessions")));
    const AttrNumber value_attnum = required_column(rel, column, BYTEAOID, true);
    const AttrNumber org_attnum = required_column(rel, org_column, UUIDOID, false);

    StaleRows rows = read_stale_rows(rel, org_attnum, value_attnum, first, last);
    int64 resealed = 0;
    if (write && rows.count > 0) {
        for (int i = 0; i < rows.count; ++i) {
            StaleRow& row = rows.rows[i];
            bytea* plaintext = unseal_bytes(&row.org, row.value, context);
            row.resealed = seal_bytes(&row.org, reinterpret_cast<const uint8*>(VARDATA(plaintext)),
                                      VARSIZE(plaintext) - VARHDRSZ, context);
            explicit_bzero(VARDATA(plaintext), VARSIZE(plaintext) - VARHDRSZ);
            pfree(plaintext);
        }
        write_as_owner(rel, quote_identifier(NameStr(*column)), &rows);
        for (int i = 0; i < rows.count; ++i)
            if (rows.rows[i].visible && !rows.rows[i].skipped) resealed++;
    }
    table_close(rel, NoLock);

    // Every stale row; how many were re-sealed; skipped by the owner's code; hidden from it.
    Datum values[4];
    bool nulls[4] = {false, false, false, false};
    values[0] = tid_array(rows, [](const StaleRow&) { return true; });
    values[1] = Int64GetDatum(resealed);
    values[2] = tid_array(rows, [](const StaleRow& row) { return row.skipped; });
    values[3] = write ? tid_array(rows, [](const StaleRow& row) { return !row.visible; })
                      : tid_array(rows, [](const StaleRow&) { return false; });
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(result_desc, values, nulls)));
}
