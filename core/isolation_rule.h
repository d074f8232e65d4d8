// The tenant isolation rule, version 2 (DESIGN.md "Part 2: the guard"): decided per command,
// per role subject to row level security and per side, on the description that both front
// ends produce (policy_description.h). The guard, the checker, audit() and both reports call
// these functions and nothing else decides isolation.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy_description.h"

namespace tenant_guard::isolation::v2 {

enum class Rule {
    TenantTableWithoutRls,
    PolicyNotTenantScoped,
    ViewBypassesRls,
    ParentExposesTenantRows,
    TenantTableMissingPolicy,
};

enum class Level { Warning, Error };

std::string_view rule_name(Rule rule);  // "tenant-table-without-rls", ...

struct Finding {
    Rule rule = Rule::TenantTableWithoutRls;
    Level level = Level::Error;
    std::optional<Command> command;  // absent where the finding is about the whole relation
    std::string policy;              // the policy at fault; empty where none is
    std::string message;             // one line, names the schema-qualified relation
    std::string hint;                // what to do; SQL where a statement does it
};

// Which roles bypass row level security, and who has whose privileges.
class RoleCatalog {
public:
    explicit RoleCatalog(std::vector<Role> roles = {});

    // A superuser or a role with BYPASSRLS itself: the attribute is not inherited.
    bool is_exempt(const std::string& role) const;
    // PostgreSQL's has_privs_of_role(): the role itself, or one it reaches through INHERIT
    // memberships. A role the catalog does not know has only its own and PUBLIC's.
    bool has_privileges_of(const std::string& member, const std::string& role) const;
    std::vector<std::string> exempt_roles() const;  // sorted
    std::vector<std::string> subject_roles() const;  // the known roles that are not exempt

private:
    std::map<std::string, Role> roles_;
};

// The sides of a command that policies govern: the existing row (USING) and the new row
// (WITH CHECK, or USING in its place).
enum class Side { ExistingRow, NewRow };

// How one command of a table fares.
struct CommandVerdict {
    // No role subject to row level security may run the command: no applying permissive
    // policy grants one of its sides.
    bool denied = false;
    // Policies through which some role subject to RLS reaches rows of other organisations.
    struct Exposure {
        const Policy* policy = nullptr;
        std::vector<Side> sides;
    };
    std::vector<Exposure> exposures;
    // The permissive policies that grant the command to some role subject to RLS, and the
    // restrictive ones that apply to it, in the table's policy order.
    std::vector<const Policy*> granting;
    std::vector<const Policy*> restricting;
};

// Whether expression confines rows to the caller, for a table whose tenant column is
// tenant_column (empty for a parent without one).
bool confines(const Expression& expression, std::string_view tenant_column,
              const RuleSettings& settings);

// Whether policy applies to no role subject to row level security: not TO PUBLIC, every role
// it names exempt, and no role subject to RLS has the privileges of one of them.
bool is_admin_only(const Policy& policy, const RoleCatalog& roles);

CommandVerdict judge_command(const Table& table, Command command, const RoleCatalog& roles,
                             const RuleSettings& settings);

// The binding that the schema's confining policies use most on tenant columns of table's
// type, for hints to reuse: a trusted helper called with the tenant column alone
// (basejump.has_role_on_account(account_id)).
std::optional<Expression> schema_binding(const std::vector<Table>& schema, const Table& table,
                                         const RuleSettings& settings);

// Every finding for one table (a tenant table or an inheritance parent without the tenant
// column), in a stable order: the relation first, then by command, then by policy. schema: the
// tenant tables whose policies hints may learn from (may be empty).
std::vector<Finding> check_table(const Table& table, const RoleCatalog& roles,
                                 const RuleSettings& settings,
                                 const std::vector<Table>& schema = {});

// The finding for a view that reads one of tenant_tables, directly or through other views of
// views (by qualified name), without security_invoker, or for any materialized view that does.
std::optional<Finding> check_view(const View& view, const std::vector<View>& views,
                                  const std::set<std::string>& tenant_tables);

// What a reviewer must see beside the verdict: the admin path.
struct Evidence {
    std::string owner;
    bool force_row_level_security = false;
    std::vector<std::string> exempt_roles;
    std::vector<std::string> admin_only_policies;
};
Evidence evidence(const Table& table, const RoleCatalog& roles);

// The predicate a hint proposes for a table: the reused binding, or the tenant column compared
// with the app.organization_id setting, cast to the column's type.
std::string confining_predicate(const Table& table, const std::optional<Expression>& reuse);

}  // namespace tenant_guard::isolation::v2
