// The guard's event triggers: record every table that DDL touches in the transaction, with the
// (sub)transaction nest level that touched it, and check them at commit.
//
// The entry-point idiom of sql_function.h: C-style code, no C++ object with a destructor is alive
// while PostgreSQL is called, so an ereport may longjmp through these frames.
extern "C" {
#include "postgres.h"

#include "access/parallel.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "access/genam.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "access/heapam.h"
#include "access/tableam.h"
#include "executor/spi.h"
#include "utils/tuplestore.h"
#include "funcapi.h"
#include "executor/tuptable.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

#include "guard.h"
#include "internal_sql.h"
#include "sql_function.h"

TG_SQL_FUNCTION(tg_guard_ddl_command_end)
TG_SQL_FUNCTION(tg_guard_sql_drop)
TG_SQL_FUNCTION(tg_guard_check_at_commit)

namespace tenant_guard::guard {
namespace {

// Lives in TopTransactionContext: gone with the transaction, forgotten at its end.
HTAB* touched = nullptr;
int touched_max_level = 0;  // deepest nest level with an entry, to skip needless scans

void record_table(Oid relid) {
    if (!OidIsValid(relid)) return;
    char kind = get_rel_relkind(relid);
    if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE && kind != RELKIND_VIEW &&
        kind != RELKIND_MATVIEW)
        return;
    if (touched == nullptr) {
        HASHCTL ctl;
        ctl.keysize = sizeof(Oid);
        ctl.entrysize = sizeof(TouchedTable);
        ctl.hcxt = TopTransactionContext;
        touched = hash_create("tenant_guard touched tables", 16, &ctl,
                              HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
    }
    int level = GetCurrentTransactionNestLevel();
    bool found;
    TouchedTable* entry = static_cast<TouchedTable*>(hash_search(touched, &relid, HASH_ENTER, &found));
    // An entry from an enclosing level stays there: it survives this subtransaction's abort.
    if (!found) entry->level = level;
    if (level > touched_max_level) touched_max_level = level;
}

// The table and, when a change recurses to them, its inheritance children and partitions.
void record_with_inheritors(Oid relid) {
    if (!OidIsValid(relid)) return;
    List* all = find_all_inheritors(relid, NoLock, nullptr);
    ListCell* lc;
    foreach (lc, all)
        record_table(lfirst_oid(lc));
    list_free(all);
}

// The typed tables of a composite type (CREATE TABLE ... OF type), which ALTER TYPE ... ADD or
// RENAME ATTRIBUTE ... CASCADE changes too: a scan of pg_class, for this rare command only.
void record_typed_tables(Oid composite_relid) {
    Oid type = get_rel_type_id(composite_relid);
    if (!OidIsValid(type)) return;
    Relation pg_class = table_open(RelationRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_class_reloftype, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(type));
    TableScanDesc scan = table_beginscan_catalog(pg_class, 1, &key);
    List* typed = NIL;
    HeapTuple tuple;
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr)
        typed = lappend_oid(typed, reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->oid);
    table_endscan(scan);
    table_close(pg_class, AccessShareLock);
    ListCell* lc;
    foreach (lc, typed)
        record_with_inheritors(lfirst_oid(lc));
    list_free(typed);
}

// A relation that a command reported or named: a table, or a composite type whose typed
// tables the command reached.
void record_relation(Oid relid) {
    if (!OidIsValid(relid)) return;
    if (get_rel_relkind(relid) == RELKIND_COMPOSITE_TYPE)
        record_typed_tables(relid);
    else
        record_table(relid);
}

// The tables of an extension that ALTER EXTENSION ... SET SCHEMA moved (out of an exempt
// schema, say): its members in pg_class, through pg_depend's index on the referenced object.
void record_extension_tables(Oid extension) {
    if (!OidIsValid(extension)) return;
    Relation pg_depend = table_open(DependRelationId, AccessShareLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(ExtensionRelationId));
    ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(extension));
    SysScanDesc scan = systable_beginscan(pg_depend, DependReferenceIndexId, true, nullptr, 2, keys);
    List* members = NIL;
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Form_pg_depend dependency = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
        if (dependency->deptype == DEPENDENCY_EXTENSION && dependency->classid == RelationRelationId)
            members = lappend_oid(members, dependency->objid);
    }
    systable_endscan(scan);
    table_close(pg_depend, AccessShareLock);
    ListCell* lc;
    foreach (lc, members)
        record_table(lfirst_oid(lc));
    list_free(members);
}

// The statements that change a table's columns, also when written as ALTER VIEW, ALTER
// MATERIALIZED VIEW, ALTER FOREIGN TABLE or ALTER TYPE (PostgreSQL accepts RENAME COLUMN and
// RENAME ATTRIBUTE on a table under each of these names, and ALTER FOREIGN TABLE recurses into
// ordinary children), and ALTER EXTENSION, which moves an extension's tables.
bool may_change_table_columns(CommandTag tag) {
    switch (tag) {
        case CMDTAG_ALTER_TABLE:
        case CMDTAG_ALTER_VIEW:
        case CMDTAG_ALTER_MATERIALIZED_VIEW:
        case CMDTAG_ALTER_FOREIGN_TABLE:
        case CMDTAG_ALTER_TYPE:
        case CMDTAG_ALTER_EXTENSION:
            return true;
        default:
            return false;
    }
}

// What pg_event_trigger_ddl_commands() does not say: the partition that ATTACH PARTITION
// attached or DETACH PARTITION detached; the children that ADD COLUMN and RENAME COLUMN recurse to, from a table or a
// foreign table; the typed tables that ALTER TYPE ... CASCADE reaches; the tables of an
// extension moved by ALTER EXTENSION ... SET SCHEMA.
void record_from_parsetree(EventTriggerData* trigdata) {
    Node* tree = trigdata->parsetree;
    if (tree == nullptr) return;
    if (IsA(tree, AlterTableStmt)) {
        AlterTableStmt* stmt = reinterpret_cast<AlterTableStmt*>(tree);
        if (stmt->objtype != OBJECT_TABLE && stmt->objtype != OBJECT_FOREIGN_TABLE &&
            stmt->objtype != OBJECT_TYPE)
            return;
        ListCell* lc;
        foreach (lc, stmt->cmds) {
            AlterTableCmd* cmd = static_cast<AlterTableCmd*>(lfirst(lc));
            if (cmd->subtype == AT_AttachPartition && cmd->def && IsA(cmd->def, PartitionCmd)) {
                PartitionCmd* pc = reinterpret_cast<PartitionCmd*>(cmd->def);
                record_with_inheritors(RangeVarGetRelid(pc->name, NoLock, true));
            } else if (cmd->subtype == AT_DetachPartition && cmd->def && IsA(cmd->def, PartitionCmd)) {
                // The detached table stands alone from now on: it must be isolated on its own.
                PartitionCmd* pc = reinterpret_cast<PartitionCmd*>(cmd->def);
                record_table(RangeVarGetRelid(pc->name, NoLock, true));
            } else if (cmd->subtype == AT_AddColumn && stmt->relation && stmt->objtype == OBJECT_TYPE) {
                record_relation(RangeVarGetRelid(stmt->relation, NoLock, true));
            } else if (cmd->subtype == AT_AddColumn && stmt->relation && stmt->relation->inh) {
                record_with_inheritors(RangeVarGetRelid(stmt->relation, NoLock, true));
            }
        }
    } else if (IsA(tree, RenameStmt)) {
        RenameStmt* stmt = reinterpret_cast<RenameStmt*>(tree);
        if ((stmt->renameType == OBJECT_COLUMN || stmt->renameType == OBJECT_ATTRIBUTE) &&
            stmt->relation) {
            Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
            if (stmt->relation->inh) record_with_inheritors(relid);
            record_relation(relid);
        }
    } else if (IsA(tree, AlterObjectSchemaStmt)) {
        AlterObjectSchemaStmt* stmt = reinterpret_cast<AlterObjectSchemaStmt*>(tree);
        if (stmt->objectType == OBJECT_EXTENSION && stmt->object && IsA(stmt->object, String))
            record_extension_tables(get_extension_oid(strVal(stmt->object), true));
    }
}

// ALTER SCHEMA ... RENAME out of an exempt schema moves its tables out of it: every table of
// the schema is recorded (a scan of pg_class, for this rare command only).
void record_schema_rename(RenameStmt* stmt) {
    if (stmt->renameType != OBJECT_SCHEMA || stmt->subname == nullptr || stmt->newname == nullptr)
        return;
    Settings settings = current_settings();
    int nexempt = list_length(settings.exempt_schemas);
    const char** exempt = static_cast<const char**>(palloc0(sizeof(char*) * (nexempt + 1)));
    int i = 0;
    ListCell* lc;
    foreach (lc, settings.exempt_schemas)
        exempt[i++] = static_cast<const char*>(lfirst(lc));
    if (!value_or_raise(guard_is_exempt_schema(stmt->subname, exempt, nexempt))) return;
    Oid nsp = get_namespace_oid(stmt->newname, true);
    if (!OidIsValid(nsp)) return;
    Oid argtypes[1] = {OIDOID};
    Datum values[1] = {ObjectIdGetDatum(nsp)};
    int rc = SPI_execute_with_args(
        "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) $1",
        1, argtypes, values, nullptr, true, 0);
    if (rc != SPI_OK_SELECT) elog(ERROR, "tenant_guard: SPI_execute_with_args returned %d", rc);
    for (uint64 row = 0; row < SPI_processed; ++row) {
        bool isnull;
        Datum d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1, &isnull);
        if (!isnull) record_table(DatumGetObjectId(d));
    }
}

SPIPlanPtr dropped_policies_plan = nullptr;

SPIPlanPtr keep_plan(SPIPlanPtr* slot, const char* sql) {
    if (*slot == nullptr) {
        SPIPlanPtr plan = SPI_prepare(sql, 0, nullptr);
        if (plan == nullptr)
            elog(ERROR, "tenant_guard: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
        if (SPI_keepplan(plan) != 0) elog(ERROR, "tenant_guard: SPI_keepplan failed");
        *slot = plan;
    }
    return *slot;
}

// Runs a saved one-column oid query and records every table it returns.
void record_query_results(SPIPlanPtr plan) {
    int rc = SPI_execute_plan(plan, nullptr, nullptr, true, 0);
    if (rc != SPI_OK_SELECT) elog(ERROR, "tenant_guard: SPI_execute_plan returned %d", rc);
    for (uint64 i = 0; i < SPI_processed; ++i) {
        bool isnull;
        Datum d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
        if (!isnull) record_table(DatumGetObjectId(d));
    }
}

// The table a policy belongs to, through pg_policy's oid index: a lookup, not a scan, so
// that the cost of a command does not grow with the number of policies in the database.
Oid policy_table(Oid policy) {
    Relation pg_policy = table_open(PolicyRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_policy_oid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(policy));
    SysScanDesc scan = systable_beginscan(pg_policy, PolicyOidIndexId, true, nullptr, 1, &key);
    HeapTuple tuple = systable_getnext(scan);
    Oid relid = HeapTupleIsValid(tuple) ? reinterpret_cast<Form_pg_policy>(GETSTRUCT(tuple))->polrelid
                                        : InvalidOid;
    systable_endscan(scan);
    table_close(pg_policy, AccessShareLock);
    return relid;
}

// The commands whose objects the guard records (others, such as CREATE INDEX, are reported
// with the table's oid too but change nothing the rule looks at).
bool is_recorded_command_tag(const char* tag) {
    static const char* const kTags[] = {"CREATE TABLE", "CREATE TABLE AS", "SELECT INTO",
                                        "ALTER TABLE", "CREATE POLICY", "ALTER POLICY",
                                        "CREATE VIEW", "ALTER VIEW", "CREATE MATERIALIZED VIEW",
                                        "ALTER MATERIALIZED VIEW", "ALTER FOREIGN TABLE", "ALTER TYPE"};
    for (const char* recorded : kTags)
        if (strcmp(tag, recorded) == 0) return true;
    return false;
}

// Records the tables of the commands pg_event_trigger_ddl_commands() reports: a table's own
// oid, or the table of a created or altered policy. The function is called through fmgr and its
// tuplestore read directly: an SPI query per DDL command was most of the guard's cost.
void record_ddl_commands(void) {
    FmgrInfo flinfo;
    fmgr_info(F_PG_EVENT_TRIGGER_DDL_COMMANDS, &flinfo);
    ReturnSetInfo rsinfo;
    memset(&rsinfo, 0, sizeof rsinfo);
    rsinfo.type = T_ReturnSetInfo;
    rsinfo.econtext = CreateStandaloneExprContext();
    rsinfo.allowedModes = SFRM_Materialize;
    rsinfo.returnMode = SFRM_ValuePerCall;
    LOCAL_FCINFO(fcinfo, 0);
    InitFunctionCallInfoData(*fcinfo, &flinfo, 0, InvalidOid, nullptr, reinterpret_cast<Node*>(&rsinfo));
    (void) FunctionCallInvoke(fcinfo);
    if (rsinfo.returnMode != SFRM_Materialize || rsinfo.setResult == nullptr) {
        FreeExprContext(rsinfo.econtext, true);
        return;  // no command collected
    }
    // Columns: classid, objid, objsubid, command_tag, ...
    TupleTableSlot* slot = MakeSingleTupleTableSlot(rsinfo.setDesc, &TTSOpsMinimalTuple);
    while (tuplestore_gettupleslot(rsinfo.setResult, true, false, slot)) {
        bool classid_null, objid_null, tag_null;
        Oid classid = DatumGetObjectId(slot_getattr(slot, 1, &classid_null));
        Oid objid = DatumGetObjectId(slot_getattr(slot, 2, &objid_null));
        Datum tag = slot_getattr(slot, 4, &tag_null);
        if (classid_null || objid_null || tag_null) continue;
        if (classid != RelationRelationId && classid != PolicyRelationId) continue;
        if (!is_recorded_command_tag(TextDatumGetCString(tag))) continue;
        record_relation(classid == PolicyRelationId ? policy_table(objid) : objid);
    }
    ExecDropSingleTupleTableSlot(slot);
    tuplestore_end(rsinfo.setResult);
    FreeExprContext(rsinfo.econtext, true);
}

// The queries name every operator with its schema and run under a pinned search_path: a
// user's own "=" operator earlier in search_path must neither hide a table from the guard nor
// run with the extension owner's privileges.
// A dropped policy names its table as {schema, table, policy}; a table dropped along with its
// policies is gone and matches nothing.
const char* const kDroppedPoliciesSql =
    "SELECT c.oid"
    "  FROM pg_catalog.pg_event_trigger_dropped_objects() d"
    "  JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) d.address_names[1]"
    "  JOIN pg_catalog.pg_class c ON c.relnamespace OPERATOR(pg_catalog.=) n.oid"
    "                            AND c.relname OPERATOR(pg_catalog.=) d.address_names[2]"
    " WHERE d.object_type OPERATOR(pg_catalog.=) 'policy'";

// Exemptions of dropped tables go with them, so that a reused OID inherits nothing. Runs as the
// owner of the exemptions table, since the user dropping a table may not read it.
void forget_dropped_exemptions(void) {
    Oid exemptions = exemptions_relid();
    if (!OidIsValid(exemptions)) return;
    HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(exemptions));
    if (!HeapTupleIsValid(tup)) return;
    Oid owner = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup))->relowner;
    ReleaseSysCache(tup);

    InternalSqlScope scope;
    begin_internal_sql(&scope, owner);
    int rc = SPI_execute(
        "DELETE FROM tenant_guard.exemptions e"
        " USING pg_catalog.pg_event_trigger_dropped_objects() d"
        " WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass"
        "   AND d.objsubid OPERATOR(pg_catalog.=) 0"
        "   AND e.relid OPERATOR(pg_catalog.=) d.objid",
        false, 0);
    if (rc != SPI_OK_DELETE) elog(ERROR, "tenant_guard: SPI_execute returned %d", rc);
    end_internal_sql(&scope);
}

void xact_callback(XactEvent event, void* arg) {
    switch (event) {
        case XACT_EVENT_PRE_COMMIT:
        case XACT_EVENT_PRE_PREPARE:
            // Cost: nothing unless DDL touched a table in this transaction.
            if (touched != nullptr && !IsParallelWorker()) check_touched_tables(touched);
            break;
        case XACT_EVENT_COMMIT:
        case XACT_EVENT_ABORT:
        case XACT_EVENT_PREPARE:
        case XACT_EVENT_PARALLEL_COMMIT:
        case XACT_EVENT_PARALLEL_ABORT:
            forget_touched_tables();
            break;
        case XACT_EVENT_PARALLEL_PRE_COMMIT:
            break;
    }
}

void subxact_callback(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid,
                      void* arg) {
    if (touched == nullptr) return;
    int level = GetCurrentTransactionNestLevel();
    if (touched_max_level < level) return;
    if (event != SUBXACT_EVENT_ABORT_SUB && event != SUBXACT_EVENT_COMMIT_SUB) return;
    HASH_SEQ_STATUS status;
    hash_seq_init(&status, touched);
    TouchedTable* entry;
    while ((entry = static_cast<TouchedTable*>(hash_seq_search(&status))) != nullptr) {
        if (entry->level < level) continue;
        if (event == SUBXACT_EVENT_ABORT_SUB)
            hash_search(touched, &entry->relid, HASH_REMOVE, nullptr);  // what it did is undone
        else
            entry->level = level - 1;  // released: the parent owns it now
    }
    touched_max_level = level - 1;
}

}  // namespace

HTAB* touched_tables(void) { return touched; }

void forget_touched_tables(void) {
    touched = nullptr;  // its memory goes with TopTransactionContext
    touched_max_level = 0;
}

void register_callbacks(void) {
    RegisterXactCallback(xact_callback, nullptr);
    RegisterSubXactCallback(subxact_callback, nullptr);
}

}  // namespace tenant_guard::guard

using namespace tenant_guard::guard;

extern "C" Datum tg_guard_ddl_command_end(PG_FUNCTION_ARGS) {
    if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("tg_guard_ddl_command_end() must be called as an event trigger")));
    EventTriggerData* trigdata = reinterpret_cast<EventTriggerData*>(fcinfo->context);
    record_ddl_commands();
    if (trigdata->tag == CMDTAG_ALTER_SCHEMA && trigdata->parsetree &&
        IsA(trigdata->parsetree, RenameStmt)) {
        InternalSqlScope scope;
        begin_internal_sql(&scope, InvalidOid);
        record_schema_rename(reinterpret_cast<RenameStmt*>(trigdata->parsetree));
        end_internal_sql(&scope);
    }
    if (may_change_table_columns(trigdata->tag)) record_from_parsetree(trigdata);
    PG_RETURN_VOID();
}

extern "C" Datum tg_guard_sql_drop(PG_FUNCTION_ARGS) {
    if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
        ereport(ERROR, (errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
                        errmsg("tg_guard_sql_drop() must be called as an event trigger")));
    InternalSqlScope scope;
    begin_internal_sql(&scope, InvalidOid);
    record_query_results(keep_plan(&dropped_policies_plan, kDroppedPoliciesSql));
    end_internal_sql(&scope);
    forget_dropped_exemptions();
    PG_RETURN_VOID();
}

// tenant_guard.unexempt(): a table whose exemption ends is checked when the transaction
// commits, as if DDL had touched it, so that it cannot stay unisolated unnoticed.
extern "C" Datum tg_guard_check_at_commit(PG_FUNCTION_ARGS) {
    record_table(PG_GETARG_OID(0));
    PG_RETURN_VOID();
}
