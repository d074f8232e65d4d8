// tenant_guard.audit(): every finding in the current database now, one row a finding, for every
// tenant table, parent and view whatever its age, and every SECURITY DEFINER function that does
// not pin its search_path. Unlike the commit check, it reads the whole catalog.
//
// The entry-point idiom of sql_function.h: the only C++ work happens inside guard_evaluate
// (noexcept, no PostgreSQL), reached through value_or_raise.
extern "C" {
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/catalog.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"
}

#include "guard.h"
#include "sql_function.h"

TG_SQL_FUNCTION(tg_guard_audit)

using namespace tenant_guard::guard;

namespace {

// Whether a pg_proc.proconfig array sets search_path.
bool sets_search_path(Datum proconfig) {
    ArrayType* settings = DatumGetArrayTypeP(proconfig);
    Datum* elements;
    bool* nulls;
    int count;
    deconstruct_array(settings, TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &count);
    for (int i = 0; i < count; ++i) {
        if (nulls[i]) continue;
        char* setting = TextDatumGetCString(elements[i]);
        bool found = strncmp(setting, "search_path=", strlen("search_path=")) == 0;
        pfree(setting);
        if (found) return true;
    }
    return false;
}

// security-definer-search-path: every SECURITY DEFINER function outside the system schemas
// that does not pin search_path, one row each (its signature in the "table" column).
void add_security_definer_rows(ReturnSetInfo* rsinfo) {
    Relation pg_proc = table_open(ProcedureRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(pg_proc, 0, nullptr);
    HeapTuple tuple;
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        Form_pg_proc proc = reinterpret_cast<Form_pg_proc>(GETSTRUCT(tuple));
        if (!proc->prosecdef || proc->pronamespace == PG_CATALOG_NAMESPACE ||
            IsToastNamespace(proc->pronamespace))
            continue;
        char* schema = get_namespace_name(proc->pronamespace);
        if (schema == nullptr || strcmp(schema, "information_schema") == 0) continue;
        bool isnull;
        Datum config = heap_getattr(tuple, Anum_pg_proc_proconfig, RelationGetDescr(pg_proc), &isnull);
        if (!isnull && sets_search_path(config)) continue;
        char* signature = format_procedure_qualified(proc->oid);
        Datum values[5];
        bool nulls[5] = {false, false, true, true, false};
        values[0] = CStringGetTextDatum(signature);
        values[1] = CStringGetTextDatum("security-definer-search-path");
        values[4] = CStringGetTextDatum(psprintf(
            "SECURITY DEFINER function %s has no SET search_path: it resolves names through its "
            "caller's search_path with its owner's rights", signature));
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    table_endscan(scan);
    table_close(pg_proc, AccessShareLock);
}

}  // namespace

extern "C" Datum tg_guard_audit(PG_FUNCTION_ARGS) {
    ReturnSetInfo* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    InitMaterializedSRF(fcinfo, 0);

    Settings settings = current_settings();
    Relation exemptions = open_exemptions();
    int ntables = 0;
    GuardTableFacts* tables = judged_tables(settings, exemptions, &ntables);
    GuardRuleContext context;
    List* view_relids;
    collect_rule_context(settings, exemptions, &context, &view_relids);
    if (exemptions) table_close(exemptions, AccessShareLock);
    context.schema_tables = tables;
    context.nschema_tables = ntables;
    int* views = static_cast<int*>(palloc0(sizeof(int) * (context.nviews + 1)));
    for (int i = 0; i < context.nviews; ++i) views[i] = i;
    if (count_tenant_tables(tables, ntables) == 0)
        ereport(NOTICE, (errmsg("no table in this database has a tenant column"),
                         errdetail("tenant_guard.tenant_columns is \"%s\".",
                                   GetConfigOption("tenant_guard.tenant_columns", false, false)),
                         errhint("Unquoted names fold to lower case: quote a name to keep its "
                                 "case, as in '\"organizationId\"'.")));

    GuardReport report = value_or_raise(guard_evaluate(tables, ntables, views, context.nviews, &context, false));
    PG_TRY();
    {
        for (size_t i = 0; i < report.nfindings; ++i) {
            const GuardFinding& f = report.findings[i];
            Datum values[5];
            bool nulls[5] = {false, false, false, false, false};
            values[0] = CStringGetTextDatum(f.table_name);
            values[1] = CStringGetTextDatum(f.rule);
            if (f.command) values[2] = CStringGetTextDatum(f.command); else nulls[2] = true;
            if (f.policy) values[3] = CStringGetTextDatum(f.policy); else nulls[3] = true;
            values[4] = CStringGetTextDatum(f.message);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        }
    }
    PG_FINALLY();
    {
        guard_report_free(&report);
    }
    PG_END_TRY();
    add_security_definer_rows(rsinfo);
    return (Datum)0;
}
