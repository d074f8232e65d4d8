// tenant_guard.audit(): every finding in the current database now, one row a finding, for every
// tenant table whatever its age. Unlike the commit check, it reads the whole catalog.
//
// C-style code: the only C++ work happens inside guard_evaluate (noexcept, no PostgreSQL).
extern "C" {
#include "postgres.h"

#include "access/table.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"
}

#include "guard.h"

TG_GUARD_SQL_FUNCTION(tg_guard_audit)

using namespace tenant_guard::guard;

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

    GuardReport report;
    if (!guard_evaluate(tables, ntables, views, context.nviews, &context, false, &report))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
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
    return (Datum)0;
}
