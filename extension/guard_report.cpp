// tenant_guard.report(format): the isolation matrix of the current database, with exemptions
// and org-key states, rendered by core/ exactly as `tenant-guard report` renders migrations.
//
// The entry-point idiom of sql_function.h: the only C++ work happens inside guard_render_report
// (noexcept, no PostgreSQL), reached through value_or_raise.
extern "C" {
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "commands/dbcommands.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

#include "guard.h"
#include "sql_function.h"

TG_SQL_FUNCTION(tg_guard_report)

using namespace tenant_guard::guard;

namespace {

// The states of tenant_guard.org_key, in the order the report lists them.
constexpr const char* kKeyStates[] = {"active", "decrypt-only", "destroyed"};
constexpr int kNumKeyStates = sizeof(kKeyStates) / sizeof(kKeyStates[0]);

// UTC whatever the session's TimeZone, so that reports from anywhere compare.
char* utc_text(TimestampTz timestamp) {
    pg_time_t seconds = timestamptz_to_time_t(timestamp);
    char* out = static_cast<char*>(palloc(32));
    pg_strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", pg_gmtime(&seconds));
    return out;
}

void read_exemption(HeapTuple tuple, TupleDesc desc, GuardExemptionFacts* out) {
    bool isnull;
    // All three columns are NOT NULL.
    out->reason = TextDatumGetCString(heap_getattr(tuple, kExemptionsReason, desc, &isnull));
    out->exempted_by = pstrdup(NameStr(*DatumGetName(heap_getattr(tuple, kExemptionsExemptedBy, desc, &isnull))));
    out->exempted_at = utc_text(DatumGetTimestampTz(heap_getattr(tuple, kExemptionsExemptedAt, desc, &isnull)));
}

// How many org keys are in each state (zero where the table is missing).
void count_key_states(GuardKeyStateFacts* counts) {
    for (int i = 0; i < kNumKeyStates; ++i) counts[i] = GuardKeyStateFacts{kKeyStates[i], 0};
    Oid nsp = get_namespace_oid("tenant_guard", true);
    Oid relid = OidIsValid(nsp) ? get_relname_relid("org_key", nsp) : InvalidOid;
    if (!OidIsValid(relid)) return;
    AttrNumber state_attnum = get_attnum(relid, "state");
    Relation org_key = table_open(relid, AccessShareLock);
    TableScanDesc scan = table_beginscan(org_key, GetActiveSnapshot(), 0, nullptr);
    HeapTuple tuple;
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        bool isnull;
        Datum state = heap_getattr(tuple, state_attnum, RelationGetDescr(org_key), &isnull);
        if (isnull) continue;
        char* state_name = TextDatumGetCString(state);
        for (int i = 0; i < kNumKeyStates; ++i)
            if (strcmp(state_name, kKeyStates[i]) == 0) counts[i].keys++;
        pfree(state_name);
    }
    table_endscan(scan);
    table_close(org_key, AccessShareLock);
}

}  // namespace

extern "C" Datum tg_guard_report(PG_FUNCTION_ARGS) {
    char* format = text_to_cstring(PG_GETARG_TEXT_PP(0));
    bool html = strcmp(format, "html") == 0;
    if (!html && strcmp(format, "markdown") != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("unknown report format \"%s\"", format),
                        errhint("The formats are markdown and html.")));

    Settings settings = current_settings();
    Relation exemptions = open_exemptions();
    List* candidates = all_permanent_tables();
    GuardTableFacts* tables = static_cast<GuardTableFacts*>(
        palloc0(sizeof(GuardTableFacts) * (list_length(candidates) + 1)));
    GuardExemptionFacts* table_exemptions = static_cast<GuardExemptionFacts*>(
        palloc0(sizeof(GuardExemptionFacts) * (list_length(candidates) + 1)));
    int ntables = 0;
    ListCell* lc;
    foreach (lc, candidates) {
        Oid relid = lfirst_oid(lc);
        // No exemptions relation here: exempted tenant tables belong in the report too.
        if (!collect_table_facts(relid, settings, nullptr, &tables[ntables])) continue;
        if (HeapTuple exemption = exemption_of(exemptions, relid)) {
            read_exemption(exemption, RelationGetDescr(exemptions), &table_exemptions[ntables]);
            heap_freetuple(exemption);
        }
        ntables++;
    }
    GuardRuleContext context;
    List* view_relids;
    collect_rule_context(settings, exemptions, &context, &view_relids);
    if (exemptions) table_close(exemptions, AccessShareLock);

    GuardKeyStateFacts key_states[kNumKeyStates];
    count_key_states(key_states);
    char* database = get_database_name(MyDatabaseId);
    char* source = psprintf("database %s", database ? database : "(unknown)");
    char* generated_at = utc_text(GetCurrentTransactionStartTimestamp());

    char* rendered = value_or_raise(guard_render_report(tables, table_exemptions, ntables, &context,
                                                        key_states, kNumKeyStates, source,
                                                        generated_at, html));
    text* result;
    PG_TRY();
    {
        result = cstring_to_text(rendered);
    }
    PG_FINALLY();
    {
        free(rendered);
    }
    PG_END_TRY();
    PG_RETURN_TEXT_P(result);
}
