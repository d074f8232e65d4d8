// The commit check: every table that DDL touched in the transaction and that is still a tenant
// table must be isolated, or the commit fails with SQLSTATE 42P17 (a WARNING in warn mode).
//
// C-style code: the only C++ work happens inside guard_evaluate (noexcept, no PostgreSQL).
extern "C" {
#include "postgres.h"

#include "access/table.h"
#include "access/xact.h"
#include "commands/extension.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"
}

#include "guard.h"

namespace tenant_guard::guard {

void check_touched_tables(HTAB* touched) {
    if (mode == kModeOff) return;
    // The guard belongs to the databases where the extension is installed.
    if (!OidIsValid(get_extension_oid("tenant_guard", true))) return;
    long ntouched = hash_get_num_entries(touched);
    if (ntouched == 0) return;

    MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "tenant_guard commit check",
                                              ALLOCSET_DEFAULT_SIZES);
    MemoryContext old = MemoryContextSwitchTo(cxt);
    Settings settings = current_settings();
    Relation exemptions = open_exemptions();

    GuardTableFacts* tables = static_cast<GuardTableFacts*>(palloc0(sizeof(GuardTableFacts) * ntouched));
    int ntables = 0;
    HASH_SEQ_STATUS status;
    hash_seq_init(&status, touched);
    TouchedTable* entry;
    while ((entry = static_cast<TouchedTable*>(hash_seq_search(&status))) != nullptr) {
        if (ntables < ntouched && collect_table_facts(entry->relid, settings, exemptions, &tables[ntables]))
            ntables++;
    }
    if (exemptions) table_close(exemptions, AccessShareLock);
    if (ntables == 0) {
        MemoryContextSwitchTo(old);
        MemoryContextDelete(cxt);
        return;
    }
    sort_by_qualified_name(tables, ntables);

    // A lone autocommit statement cannot be followed by the statements that would fix it.
    bool lone_statement = !IsTransactionBlock();
    GuardReport report;
    if (!guard_evaluate(tables, ntables, lone_statement, &report))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"),
                        errdetail("tenant_guard could not evaluate the tenant tables of this transaction.")));
    if (report.nfindings == 0) {
        MemoryContextSwitchTo(old);
        MemoryContextDelete(cxt);
        return;
    }
    char *message = nullptr, *detail = nullptr, *hint = nullptr;
    PG_TRY();
    {
        message = pstrdup(report.message);
        detail = pstrdup(report.detail);
        hint = pstrdup(report.hint);
    }
    PG_FINALLY();
    {
        guard_report_free(&report);
    }
    PG_END_TRY();
    MemoryContextSwitchTo(old);
    ereport(mode == kModeWarn ? WARNING : ERROR,
            (errcode(ERRCODE_INVALID_OBJECT_DEFINITION), errmsg_internal("%s", message),
             errdetail_internal("%s", detail), errhint("%s", hint)));
    MemoryContextDelete(cxt);
}

}  // namespace tenant_guard::guard
