// The commit check: every table that DDL touched in the transaction and that is still a tenant
// table, every inheritance parent above one, and every view that reaches one, must be isolated,
// or the commit fails with SQLSTATE 42P17 (a WARNING in warn mode). Warning-level findings are
// raised as a WARNING and the commit goes on.
//
// C-style code: the only C++ work happens inside guard_evaluate (noexcept, no PostgreSQL),
// reached through value_or_raise (sql_function.h).
extern "C" {
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_inherits.h"
#include "commands/extension.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"
}

#include "guard.h"
#include "sql_function.h"

namespace tenant_guard::guard {
namespace {

// relid and every inheritance ancestor of it, each once: a table that gains a tenant
// descendant (CREATE TABLE ... INHERITS, ALTER TABLE ... INHERIT) is reached through it.
List* with_ancestors(List* relids, Oid relid) {
    List* pending = list_make1_oid(relid);
    Relation inherits = table_open(InheritsRelationId, AccessShareLock);
    while (pending != NIL) {
        Oid next = linitial_oid(pending);
        pending = list_delete_first(pending);
        if (list_member_oid(relids, next)) continue;
        relids = lappend_oid(relids, next);
        ScanKeyData key;
        ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(next));
        SysScanDesc scan = systable_beginscan(inherits, InheritsRelidSeqnoIndexId, true, nullptr, 1, &key);
        HeapTuple tuple;
        while (HeapTupleIsValid(tuple = systable_getnext(scan)))
            pending = lappend_oid(pending, reinterpret_cast<Form_pg_inherits>(GETSTRUCT(tuple))->inhparent);
        systable_endscan(scan);
    }
    table_close(inherits, AccessShareLock);
    return relids;
}

// The views to judge: those touched, and those that reach a touched relation through views.
int* affected_views(const GuardRuleContext& context, List* view_relids, List* touched_names,
                    List* touched_relids, int* nviews) {
    bool* affected = static_cast<bool*>(palloc0(sizeof(bool) * (context.nviews + 1)));
    for (int i = 0; i < context.nviews; ++i)
        affected[i] = list_member_oid(touched_relids, list_nth_oid(view_relids, i));
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < context.nviews; ++i) {
            if (affected[i]) continue;
            const GuardViewFacts& view = context.views[i];
            for (int r = 0; r < view.nreads && !affected[i]; ++r) {
                ListCell* lc;
                foreach (lc, touched_names)
                    if (strcmp(static_cast<char*>(lfirst(lc)), view.reads[r]) == 0) affected[i] = true;
                for (int j = 0; j < context.nviews && !affected[i]; ++j)
                    if (affected[j] && strcmp(view.reads[r], quote_qualified_identifier(
                                                                 context.views[j].schema,
                                                                 context.views[j].name)) == 0)
                        affected[i] = true;
            }
            changed |= affected[i];
        }
    }
    int* out = static_cast<int*>(palloc0(sizeof(int) * (context.nviews + 1)));
    *nviews = 0;
    for (int i = 0; i < context.nviews; ++i)
        if (affected[i]) out[(*nviews)++] = i;
    return out;
}

void raise_finding(int level, const char* message, const char* detail, const char* hint) {
    ereport(level, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION), errmsg_internal("%s", message),
                    errdetail_internal("%s", detail), hint ? errhint("%s", hint) : 0));
}

// The warning-level findings as one WARNING: DETAIL line "<rule>: <message>" each.
void raise_warnings(const GuardReport& report) {
    StringInfoData detail;
    initStringInfo(&detail);
    int count = 0;
    for (size_t i = 0; i < report.nfindings; ++i) {
        const GuardFinding& f = report.findings[i];
        if (f.error) continue;
        appendStringInfo(&detail, "%s%s: %s", count++ > 0 ? "\n" : "", f.rule, f.message);
    }
    if (count > 0)
        raise_finding(WARNING, count == 1 ? "a tenant table has a command that no policy grants"
                                  : "tenant tables have commands that no policy grants",
              detail.data, nullptr);
}

}  // namespace

void check_touched_tables(HTAB* touched) {
    if (mode == kModeOff) return;
    // The guard belongs to the databases where the extension is installed.
    if (!OidIsValid(get_extension_oid("tenant_guard", true))) return;
    if (hash_get_num_entries(touched) == 0) return;

    MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "tenant_guard commit check",
                                              ALLOCSET_DEFAULT_SIZES);
    MemoryContext old = MemoryContextSwitchTo(cxt);
    Settings settings = current_settings();
    Relation exemptions = open_exemptions();

    List* touched_relids = NIL;
    List* candidates = NIL;
    HASH_SEQ_STATUS status;
    hash_seq_init(&status, touched);
    TouchedTable* entry;
    while ((entry = static_cast<TouchedTable*>(hash_seq_search(&status))) != nullptr) {
        touched_relids = lappend_oid(touched_relids, entry->relid);
        candidates = with_ancestors(candidates, entry->relid);
    }
    GuardTableFacts* tables = static_cast<GuardTableFacts*>(palloc0(sizeof(GuardTableFacts) * (list_length(candidates) + 1)));
    int ntables = 0;
    List* touched_names = NIL;
    ListCell* lc;
    foreach (lc, candidates) {
        Oid relid = lfirst_oid(lc);
        if (collect_table_facts(relid, settings, exemptions, &tables[ntables]) ||
            collect_parent_facts(relid, settings, exemptions, &tables[ntables])) {
            touched_names = lappend(touched_names, quote_qualified_identifier(tables[ntables].schema, tables[ntables].name));
            ntables++;
        }
    }
    GuardRuleContext context;
    List* view_relids;
    collect_rule_context(settings, exemptions, &context, &view_relids);
    int nviews;
    int* views = affected_views(context, view_relids, touched_names, touched_relids, &nviews);
    if (ntables == 0 && nviews == 0) {
        if (exemptions) table_close(exemptions, AccessShareLock);
        MemoryContextSwitchTo(old);
        MemoryContextDelete(cxt);
        return;
    }
    sort_by_qualified_name(tables, ntables);
    context.schema_tables = tables;
    context.nschema_tables = ntables;

    // A lone autocommit statement cannot be followed by the statements that would fix it.
    bool lone_statement = !IsTransactionBlock();
    GuardReport report = value_or_raise(guard_evaluate(tables, ntables, views, nviews, &context, lone_statement));
    if (report.message != nullptr) {
        // Refused: worth the whole catalog, so that hints reuse the binding the schema's tenant
        // tables share (parents among them have no tenant column and teach nothing).
        guard_report_free(&report);
        context.schema_tables = judged_tables(settings, exemptions, &context.nschema_tables);
        report = value_or_raise(guard_evaluate(tables, ntables, views, nviews, &context, lone_statement));
    }
    if (exemptions) table_close(exemptions, AccessShareLock);
    if (report.nfindings == 0) {
        MemoryContextSwitchTo(old);
        MemoryContextDelete(cxt);
        return;
    }
    char *message = nullptr, *detail = nullptr, *hint = nullptr;
    PG_TRY();
    {
        raise_warnings(report);
        if (report.message != nullptr) {
            message = pstrdup(report.message);
            detail = pstrdup(report.detail);
            hint = pstrdup(report.hint);
        }
    }
    PG_FINALLY();
    {
        guard_report_free(&report);
    }
    PG_END_TRY();
    MemoryContextSwitchTo(old);
    if (message != nullptr) raise_finding(mode == kModeWarn ? WARNING : ERROR, message, detail, hint);
    MemoryContextDelete(cxt);
}

}  // namespace tenant_guard::guard
