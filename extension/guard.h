// The guard (DESIGN.md "Part 2"): shared declarations of the extension's guard files.
// Include after postgres.h (inside extern "C") in extension/guard*.cpp only.
#pragma once

extern "C" {
#include "fmgr.h"
#include "access/htup.h"
#include "nodes/pg_list.h"
#include "utils/hsearch.h"
#include "utils/relcache.h"
}

#include "guard_bridge.h"

// Called from _PG_init: defines the tenant_guard.mode, tenant_columns and exempt_schemas
// settings and registers the transaction callbacks that check tenant tables at commit.
void tg_guard_init(void);

namespace tenant_guard::guard {

// tenant_guard.mode
enum Mode { kModeOff = 0, kModeWarn = 1, kModeEnforce = 2 };
extern int mode;

// The settings as parsed lists (palloc'd in the current memory context).
struct Settings {
    List* tenant_columns;    // of char*, in order
    List* exempt_schemas;    // of char*
    List* identity_columns;  // of char*
    bool missing_policy_is_error;
};
Settings current_settings(void);

// guard_record.cpp: tables touched by DDL in this transaction (NULL when none), by nest level.
struct TouchedTable {
    Oid relid;  // hash key
    int level;  // the (sub)transaction nest level that recorded it
};
HTAB* touched_tables(void);
void forget_touched_tables(void);
void register_callbacks(void);

// guard_catalog.cpp: catalog -> the facts that core/ needs. Strings and arrays are palloc'd in
// the current memory context. exemptions: the tenant_guard.exemptions relation, opened by the
// caller, or NULL.
//
// The tenant column of relid, or NULL; is_table: relid is a table the guard judges at all (an
// ordinary or partitioned, permanent table outside the exempt schemas, not exempted).
const char* judged_table_tenant_column(Oid relid, const Settings& settings, Relation exemptions,
                                       bool* is_table);
// False when relid is not a tenant table.
bool collect_table_facts(Oid relid, const Settings& settings, Relation exemptions,
                         GuardTableFacts* out);
// False when relid is not an inheritance parent without the tenant column above tenant tables.
bool collect_parent_facts(Oid relid, const Settings& settings, Relation exemptions,
                          GuardTableFacts* out);
// A List of char* as an array (NULL-terminated) and its length.
const char** to_array(List* names, int* n);
// schema.name, quoted as needed; NULL when relid is gone.
char* quoted_qualified_name(Oid relid);

// guard_context.cpp: roles, settings and views for the rule; view_relids: the views' OIDs, in
// context->views order.
void collect_rule_context(const Settings& settings, Relation exemptions, GuardRuleContext* context,
                          List** view_relids);
// Orders tables by schema, then name: findings read in a stable order.
void sort_by_qualified_name(GuardTableFacts* tables, int ntables);
// The tenant_guard.exemptions table, or InvalidOid where the extension is not installed.
Oid exemptions_relid(void);
// That table opened with AccessShareLock (close it with table_close), or NULL.
Relation open_exemptions(void);
// The columns of tenant_guard.exemptions (sql/tenant_guard--*.sql), by attribute number.
enum ExemptionsColumn { kExemptionsRelid = 1, kExemptionsReason, kExemptionsExemptedBy, kExemptionsExemptedAt };
// relid's row of the exemptions relation (a copy), or NULL when it is not exempted.
HeapTuple exemption_of(Relation exemptions, Oid relid);
// Every ordinary or partitioned, non-temporary table in the database: what audit() and
// report() look at, whatever DDL touched.
List* all_permanent_tables(void);
// The facts of every tenant table and inheritance parent above one, by qualified name.
GuardTableFacts* judged_tables(const Settings& settings, Relation exemptions, int* ntables);
// How many of them are tenant tables (not parents).
int count_tenant_tables(const GuardTableFacts* tables, int ntables);

// guard_check.cpp: evaluate facts with core/ and report. Runs in pre-commit.
void check_touched_tables(HTAB* touched);

}  // namespace tenant_guard::guard
