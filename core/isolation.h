// The tenant isolation rule of DESIGN.md "Part 2: the guard", decided once for both the
// extension (fed from the catalog) and the checker (fed from parse trees).
//
// Neither side hands expressions to this file: each inspects its own representation of a
// policy's USING and WITH CHECK expressions and reports only whether each one exists and
// whether it references the table's tenant column. The rule itself needs no more.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenant_guard::isolation {

// The four commands that row level security governs and that every tenant table must cover.
enum class Command { Select, Insert, Update, Delete };
inline constexpr Command kAllCommands[] = {Command::Select, Command::Insert, Command::Update,
                                           Command::Delete};

// A policy's FOR clause: ALL covers the four commands.
enum class PolicyCommand { All, Select, Insert, Update, Delete };

struct Policy {
    std::string name;
    PolicyCommand command = PolicyCommand::All;
    bool permissive = true;  // AS RESTRICTIVE makes it false
    bool has_using = false;
    bool using_references_tenant_column = false;
    bool has_with_check = false;
    bool with_check_references_tenant_column = false;
};

struct Table {
    std::string schema;
    std::string name;
    std::string tenant_column;  // the column that makes this a tenant table
    bool row_level_security = false;
    std::vector<Policy> policies;
};

enum class Rule { TenantTableWithoutRls, TenantTableMissingPolicy, PolicyNotTenantScoped };

struct Finding {
    Rule rule;
    std::optional<Command> command;  // absent for TenantTableWithoutRls
    std::string policy;              // the offending policy; empty where none applies
    std::string message;             // one line, names the schema-qualified table
    std::string hint;                // SQL that would fix it
};

std::string_view rule_name(Rule rule);      // "tenant-table-without-rls", ...
std::string_view command_name(Command command);  // "SELECT", ...
std::string qualified_name(std::string_view schema, std::string_view name);  // quoted as needed

// Every finding for one tenant table, in a stable order: RLS first, then by command.
std::vector<Finding> check_table(const Table& table);

// Whether a relation with these columns is a tenant table: returns the first column (in
// tenant_columns order) that it has. Kind, schema, temporary and exemption checks belong to
// the caller, which knows those facts in its own terms.
std::optional<std::string> find_tenant_column(const std::vector<std::string>& columns,
                                              const std::vector<std::string>& tenant_columns);

// Whether schema is exempt: the built-in exempt schemas (pg_catalog, information_schema,
// pg_toast, tenant_guard) or one of configured.
bool is_exempt_schema(std::string_view schema, const std::vector<std::string>& configured);

// ---- Shared wording: the guard and the checker say the same thing. ----

// PostgreSQL's quote_identifier(): quoted unless lower-case letters, digits and underscores
// not starting with a digit and not a reserved, column-name or type/function-name keyword.
std::string quote_identifier(std::string_view identifier);

// The tenant predicate that hints suggest: `<column> = current_setting('app.organization_id')::uuid`.
std::string tenant_predicate(std::string_view tenant_column);

// Which policies matter for a command, and whether a policy is tenant-scoped for it (every
// governing expression references the tenant column; WITH CHECK falls back to USING).
bool applies_to(const Policy& policy, Command command);
bool is_tenant_scoped(const Policy& policy, Command command);

// One DETAIL line: "<rule>: <message>".
std::string detail_line(const Finding& finding);

// The statements that fix every finding of one table, merged (one CREATE POLICY for all four
// commands when all four are missing, one ALTER POLICY per policy) and in a stable order.
std::vector<std::string> fix_statements(const Table& table, const std::vector<Finding>& findings);

// The error message for the tables (schema-qualified) that are not isolated.
std::string summary_message(const std::vector<std::string>& qualified_tables);

// The first line of the hint. lone_statement: the DDL ran as a single autocommit statement,
// so the advice is to create table, row level security and policies in one transaction.
std::string hint_intro(bool lone_statement);

}  // namespace tenant_guard::isolation
