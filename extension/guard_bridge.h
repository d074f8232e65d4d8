// The plain-data boundary between the PostgreSQL side of the guard and core/. Both sides include
// this header; it includes nothing. The bridge functions never throw and never call PostgreSQL:
// C++ objects live and die inside them, so no ereport can skip their destructors.
#pragma once

#include <cstddef>

struct GuardPolicyFacts {
    const char* name;
    char command;  // pg_policy.polcmd: '*' all, 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE
    bool permissive;
    bool has_using;
    bool using_references_tenant_column;
    bool has_with_check;
    bool with_check_references_tenant_column;
};

struct GuardTableFacts {
    unsigned int relid;  // Oid, for the caller
    const char* schema;
    const char* name;
    const char* tenant_column;
    bool row_level_security;
    int npolicies;
    const GuardPolicyFacts* policies;
};

// One finding, for tenant_guard.audit(). Strings malloc'd; command is NULL for
// tenant-table-without-rls, policy is NULL where no policy applies.
struct GuardFinding {
    int table;  // index into the tables given to guard_evaluate
    char* table_name;  // schema-qualified
    char* rule;
    char* command;
    char* policy;
    char* message;
};

// Everything the guard says about the tables given to guard_evaluate. Strings malloc'd; all
// NULL when there is no finding.
struct GuardReport {
    size_t nfindings;
    GuardFinding* findings;
    char* message;  // errmsg
    char* detail;   // errdetail: one line a finding, "<rule>: <message>"
    char* hint;     // errhint: the intro line, then the statements to add, one a line
};

// Evaluates the tables with core/. lone_statement: the DDL ran as one autocommit statement.
// Returns false (and an empty report) when memory ran out. Free the report with guard_report_free.
bool guard_evaluate(const GuardTableFacts* tables, int ntables, bool lone_statement,
                    GuardReport* report) noexcept;
void guard_report_free(GuardReport* report) noexcept;

// tenant_guard.report(): an exemption, by table, as the exemptions table holds it.
struct GuardExemptionFacts {
    const char* reason;  // NULL: the table is not exempted
    const char* exempted_by;
    const char* exempted_at;
};

struct GuardKeyStateFacts {
    const char* state;
    unsigned long long keys;
};

// The isolation report of tables (exemptions[i] belongs to tables[i]) and the org-key states,
// rendered by core/ as Markdown or HTML. Returns malloc'd text, or NULL when memory ran out.
char* guard_render_report(const GuardTableFacts* tables, const GuardExemptionFacts* exemptions,
                          int ntables, const GuardKeyStateFacts* key_states, int nkey_states,
                          const char* source, const char* generated_at, bool html) noexcept;

// core/'s tenant-table decisions. Fail closed: on allocation failure, a schema is not exempt.
bool guard_is_exempt_schema(const char* schema, const char* const* configured, int nconfigured) noexcept;
// The index in tenant_columns of the column that makes the table a tenant table, -1 when it
// has none, -2 when memory ran out (the caller raises an error: the guard fails closed).
// present: the tenant columns that the table has, in any order.
int guard_find_tenant_column(const char* const* present, int npresent,
                             const char* const* tenant_columns, int ntenant_columns) noexcept;
