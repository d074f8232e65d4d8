// The plain-data boundary between the PostgreSQL side of the guard and core/. Both sides include
// this header; it includes no PostgreSQL header. The bridge functions never throw and never call
// PostgreSQL: C++ objects live and die inside them (run_cpp), so no ereport can skip their
// destructors; each returns an Outcome (boundary.h) for the caller's value_or_raise.
#pragma once

#include <cstddef>

#include "boundary.h"

// A policy expression reduced to core/'s description (core/policy_description.h), in prefix
// order: an Or or And node is followed by its noperands operand subtrees.
struct GuardExpressionNode {
    char kind;       // 'o' Or, 'a' And, 'b' Binding, 'h' Helper, 'x' Opaque, 't' TempDependent
    int noperands;   // 'o', 'a'
    char binding;    // 'b': 'e' equality, 'm' membership subquery, 'x' correlated EXISTS
    char value;      // 'b': 'c' caller-dependent, 'k' constant, 'r' row-dependent
    int ncolumns;    // 'b': 1; 'h': the row's columns among the arguments
    const char* const* columns;
    const char* function;  // 'h': schema-qualified, quoted
    int nargs;             // 'h'
};

struct GuardExpressionFacts {
    int nnodes;  // 0: the policy has no such expression
    const GuardExpressionNode* nodes;
};

struct GuardPolicyFacts {
    const char* name;
    char command;  // pg_policy.polcmd: '*' all, 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE
    bool permissive;
    bool to_public;
    int nroles;
    const char* const* roles;  // when !to_public
    GuardExpressionFacts using_expression;
    GuardExpressionFacts with_check_expression;
};

// A tenant table, or an inheritance parent without the tenant column above tenant tables.
struct GuardTableFacts {
    unsigned int relid;  // Oid, for the caller
    const char* schema;
    const char* name;
    const char* tenant_column;       // "" for a parent without one
    const char* tenant_column_type;  // format_type() of it
    const char* owner;
    bool row_level_security;
    bool force_row_level_security;
    int npolicies;
    const GuardPolicyFacts* policies;
    int ndescendants;
    const char* const* descendants;  // parents: the tenant tables below, qualified and quoted
};

struct GuardRoleFacts {
    const char* name;
    bool superuser;
    bool bypass_rls;
    int ninherits;
    const char* const* inherits;  // the roles it is an INHERIT member of
};

// A view or materialized view and the relations its query reads directly, qualified, quoted.
struct GuardViewFacts {
    unsigned int relid;
    const char* schema;
    const char* name;
    bool materialized;
    bool security_invoker;
    int nreads;
    const char* const* reads;
};

// Everything the rule needs beside the tables it judges.
struct GuardRuleContext {
    const GuardRoleFacts* roles;
    int nroles;
    const char* const* identity_columns;
    int nidentity_columns;
    bool missing_policy_is_error;
    // Every view of the database and the names of every tenant table (qualified, quoted):
    // a view is judged by what it reaches through other views.
    const GuardViewFacts* views;
    int nviews;
    const char* const* tenant_tables;
    int ntenant_tables;
    // The tenant tables whose policies the hints may take their binding from.
    const GuardTableFacts* schema_tables;
    int nschema_tables;
};

// One finding, for tenant_guard.audit(). Strings malloc'd; command is NULL where the finding
// is about the whole relation, policy is NULL where no policy applies.
struct GuardFinding {
    char* table_name;  // schema-qualified
    char* rule;
    bool error;  // else a warning
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

// Evaluates the tables and views (views index into context->views) with core/.
// lone_statement: the DDL ran as one autocommit statement. message, detail and hint cover the
// error-level findings; the warnings are in findings only. Free the report with
// guard_report_free.
tenant_guard::Outcome<GuardReport> guard_evaluate(const GuardTableFacts* tables, int ntables,
                                                  const int* views, int nviews,
                                                  const GuardRuleContext* context,
                                                  bool lone_statement) noexcept;
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
// rendered by core/ as Markdown or HTML: malloc'd text.
tenant_guard::Outcome<char*> guard_render_report(const GuardTableFacts* tables, const GuardExemptionFacts* exemptions,
                                                 int ntables, const GuardRuleContext* context,
                                                 const GuardKeyStateFacts* key_states, int nkey_states,
                                                 const char* source, const char* generated_at, bool html) noexcept;

// core/'s tenant-table decisions (an error is raised: the guard fails closed).
tenant_guard::Outcome<bool> guard_is_exempt_schema(const char* schema, const char* const* configured,
                                                   int nconfigured) noexcept;
// The index in tenant_columns of the column that makes the table a tenant table, -1 when it
// has none. present: the tenant columns that the table has, in any order.
tenant_guard::Outcome<int> guard_find_tenant_column(const char* const* present, int npresent,
                                                    const char* const* tenant_columns,
                                                    int ntenant_columns) noexcept;
