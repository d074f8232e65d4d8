// What both sides of the isolation rule name alike: the commands row level security governs,
// tenant tables and exempt schemas, and PostgreSQL's quoting of identifiers. The rule itself is
// isolation_rule.h, on the description in policy_description.h.
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

std::string_view command_name(Command command);  // "SELECT", ...
std::string qualified_name(std::string_view schema, std::string_view name);  // quoted as needed

// Whether a relation with these columns is a tenant table: returns the first column (in
// tenant_columns order) that it has. Kind, schema, temporary and exemption checks belong to
// the caller, which knows those facts in its own terms.
std::optional<std::string> find_tenant_column(const std::vector<std::string>& columns,
                                              const std::vector<std::string>& tenant_columns);

// Whether schema is exempt: the built-in exempt schemas (pg_catalog, information_schema,
// pg_toast, tenant_guard) or one of configured.
bool is_exempt_schema(std::string_view schema, const std::vector<std::string>& configured);

// PostgreSQL's quote_identifier(): quoted unless lower-case letters, digits and underscores
// not starting with a digit and not a reserved, column-name or type/function-name keyword.
std::string quote_identifier(std::string_view identifier);

// The first line of the guard's hint. lone_statement: the DDL ran as a single autocommit
// statement, so the advice is to create table, row level security and policies in one
// transaction.
std::string hint_intro(bool lone_statement);

}  // namespace tenant_guard::isolation
