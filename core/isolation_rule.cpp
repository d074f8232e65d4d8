// The tenant isolation rule, version 2. Pure C++17: no PostgreSQL here.
#include "isolation_rule.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace tenant_guard::isolation::v2 {
namespace {

// Stands for every role that no policy names and the catalog does not list: it has the
// privileges of PUBLIC only. No role can be called this (names are never empty).
const std::string kAnyOtherRole;

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

bool is_bound_column(std::string_view column, std::string_view tenant_column,
                     const RuleSettings& settings) {
    return (!tenant_column.empty() && column == tenant_column) ||
           contains(settings.identity_columns, column);
}

bool governs(const Policy& policy, Command command) {
    switch (policy.command) {
        case PolicyCommand::All: return true;
        case PolicyCommand::Select: return command == Command::Select;
        case PolicyCommand::Insert: return command == Command::Insert;
        case PolicyCommand::Update: return command == Command::Update;
        case PolicyCommand::Delete: return command == Command::Delete;
    }
    return false;
}

std::vector<Side> sides_of(Command command) {
    switch (command) {
        case Command::Select:
        case Command::Delete: return {Side::ExistingRow};
        case Command::Insert: return {Side::NewRow};
        case Command::Update: return {Side::ExistingRow, Side::NewRow};
    }
    return {};
}

const Expression* side_expression(const Policy& policy, Side side) {
    if (side == Side::NewRow && policy.with_check_expression) return &*policy.with_check_expression;
    return policy.using_expression ? &*policy.using_expression : nullptr;
}

bool applies_to_role(const Policy& policy, const std::string& role, const RoleCatalog& roles) {
    if (policy.to_public) return true;
    return std::any_of(policy.roles.begin(), policy.roles.end(), [&](const std::string& named) {
        return roles.has_privileges_of(role, named);
    });
}

// A restrictive policy covers a permissive one when it reaches at least the same roles.
bool covers(const Policy& restrictive, const Policy& permissive) {
    if (restrictive.to_public) return true;
    if (permissive.to_public) return false;
    return std::all_of(permissive.roles.begin(), permissive.roles.end(),
                       [&](const std::string& role) { return contains(restrictive.roles, role); });
}

// The roles the rule evaluates for a table: every known role subject to RLS, every role a
// policy names that is not exempt, and any other role.
std::vector<std::string> evaluated_roles(const Table& table, const RoleCatalog& roles) {
    std::vector<std::string> out = roles.subject_roles();
    for (const Policy& policy : table.policies)
        for (const std::string& role : policy.roles)
            if (!roles.is_exempt(role) && !contains(out, role)) out.push_back(role);
    out.push_back(kAnyOtherRole);
    return out;
}

// ---- Wording ----

// What an expression that does not confine rows does instead, as a phrase whose subject is
// the expression ("its USING expression compares ...").
std::string why_not_confining(const Expression& e, std::string_view tenant_column,
                              const RuleSettings& settings) {
    using Kind = Expression::Kind;
    const std::string tenant = quote_identifier(tenant_column);
    switch (e.kind) {
        case Kind::Or:
            for (const Expression& operand : e.operands)
                if (!confines(operand, tenant_column, settings))
                    return "has an OR branch that does not confine rows: it " +
                           why_not_confining(operand, tenant_column, settings);
            break;
        case Kind::And:
            if (e.operands.empty()) break;
            return "has no AND operand that confines rows: the first " +
                   why_not_confining(e.operands.front(), tenant_column, settings);
        case Kind::TempDependent:
            return "depends on an object in a temporary schema, which is dropped with its session "
                   "and takes the policy with it";
        case Kind::Helper:
            return "calls " + e.function + " without the tenant column " + tenant;
        case Kind::Binding: {
            const std::string column = e.columns.size() == 1 ? quote_identifier(e.columns.front()) : "";
            if (column.empty() || !is_bound_column(e.columns.front(), tenant_column, settings))
                return "binds " + column + ", which is neither the tenant column " + tenant +
                       " nor an identity column";
            switch (e.value) {
                case ValueClass::CallerDependent: break;
                case ValueClass::Constant:
                    if (e.binding == BindingKind::Exists)
                        return "is an EXISTS subquery correlated on " + column +
                               " with no condition on the caller";
                    if (e.binding == BindingKind::Membership)
                        return "looks " + column + " up in a subquery that does not depend on the caller";
                    return "compares " + column +
                           " with a constant, the same organisation for every caller";
                case ValueClass::RowDependent:
                    return "compares " + column + " with a column of the same row";
                case ValueClass::Unresolved:
                    return "names " + e.unresolved +
                           ", which the checker cannot resolve: give the schema with --baseline "
                           "or --preset";
            }
            break;
        }
        case Kind::Opaque: break;
    }
    return "does not compare " + tenant + " with a value that depends on the caller";
}

std::string effect(Command command, Side side) {
    if (side == Side::NewRow) return "rows can be written into any organisation";
    switch (command) {
        case Command::Select: return "rows are visible across organisations";
        case Command::Update: return "rows of every organisation can be updated";
        case Command::Delete: return "rows of every organisation can be deleted";
        case Command::Insert: break;
    }
    return "";
}

std::string expression_name(const Policy& policy, Side side) {
    if (side == Side::ExistingRow) return "its USING expression";
    if (policy.with_check_expression) return "its WITH CHECK expression";
    return "its USING expression (used for new rows, as it has no WITH CHECK)";
}

std::string to_list(const Policy& policy) {
    return policy.to_public ? "PUBLIC" : join(policy.roles, ", ");
}

std::string exposure_message(const Table& table, Command command,
                             const CommandVerdict::Exposure& exposure,
                             const RuleSettings& settings) {
    const Policy& policy = *exposure.policy;
    std::string out = "policy " + quote_identifier(policy.name) + " on tenant table " +
                      qualified_name(table.schema, table.name) + " is not tenant-scoped for " +
                      std::string(command_name(command)) + " (TO " + to_list(policy) + "): ";
    const Side first = exposure.sides.front();
    const std::string why =
        why_not_confining(*side_expression(policy, first), table.tenant_column, settings);
    // Both sides of an UPDATE through the same USING expression: one reason.
    if (exposure.sides.size() == 2 && !policy.with_check_expression)
        return out + effect(command, Side::ExistingRow) + " and written into any organisation, " +
               "because its USING expression " + why;
    out += effect(command, first) + ", because " + expression_name(policy, first) + " " + why;
    if (exposure.sides.size() == 2)
        out += "; " + effect(command, Side::NewRow) + ", because " +
               expression_name(policy, Side::NewRow) + " " +
               why_not_confining(*side_expression(policy, Side::NewRow), table.tenant_column,
                                 settings);
    return out;
}

// ALTER POLICY that makes the exposed sides confine: a side without WITH CHECK is USING's.
std::string fix_exposure(const Table& table, const CommandVerdict::Exposure& exposure,
                         const std::optional<Expression>& reuse) {
    const Policy& policy = *exposure.policy;
    bool set_using = false, set_check = false;
    for (Side side : exposure.sides)
        (side == Side::NewRow && policy.with_check_expression ? set_check : set_using) = true;
    const std::string predicate = confining_predicate(table, reuse);
    std::string s = "ALTER POLICY " + quote_identifier(policy.name) + " ON " +
                    qualified_name(table.schema, table.name);
    if (set_using) s += " USING (" + predicate + ")";
    if (set_check) s += " WITH CHECK (" + predicate + ")";
    return s + ";";
}

std::string enable_rls(const Table& table) {
    return "ALTER TABLE " + qualified_name(table.schema, table.name) +
           " ENABLE ROW LEVEL SECURITY;";
}

bool is_parent(const Table& table) { return table.tenant_column.empty(); }

void check_parent(const Table& table, const RoleCatalog& roles, const RuleSettings& settings,
                  std::vector<Finding>& findings) {
    const std::string qualified = qualified_name(table.schema, table.name);
    const std::string descendants = join(table.tenant_descendants, ", ");
    if (!table.row_level_security) {
        findings.push_back({Rule::ParentExposesTenantRows, Level::Error, std::nullopt, "",
                            "inheritance parent " + qualified +
                                " has no tenant column and no row level security, and reading "
                                "or changing it reaches the rows of its tenant descendants " +
                                descendants,
                            enable_rls(table)});
        return;
    }
    // INSERT into a parent writes the parent's own rows: only reading and changing reach the
    // descendants, and through the parent only the parent's policies apply.
    for (Command command : {Command::Select, Command::Update, Command::Delete}) {
        const CommandVerdict verdict = judge_command(table, command, roles, settings);
        if (verdict.denied) continue;
        const Policy* granting = verdict.granting.empty() ? nullptr : verdict.granting.front();
        const std::string name = granting ? granting->name : "";
        findings.push_back(
            {Rule::ParentExposesTenantRows, Level::Error, command, name,
             "inheritance parent " + qualified + " grants " + std::string(command_name(command)) +
                 (granting ? " through policy " + quote_identifier(name) + " (TO " +
                                 to_list(*granting) + ")"
                           : "") +
                 ", and through the parent the rows of its tenant descendants " + descendants +
                 " are governed by the parent's policies, not theirs",
             granting ? "DROP POLICY " + quote_identifier(name) + " ON " + qualified +
                            "; -- or exempt the parent with tenant_guard.exempt('" + qualified +
                            "', '<why>')"
                      : ""});
    }
}

}  // namespace

// ---- Expression builders ----

Expression Expression::temp_dependent() {
    Expression e;
    e.kind = Kind::TempDependent;
    return e;
}

Expression Expression::any_of(std::vector<Expression> operands) {
    Expression e;
    e.kind = Kind::Or;
    e.operands = std::move(operands);
    return e;
}

Expression Expression::all_of(std::vector<Expression> operands) {
    Expression e;
    e.kind = Kind::And;
    e.operands = std::move(operands);
    return e;
}

Expression Expression::bind(std::string column, ValueClass value, BindingKind kind) {
    Expression e;
    e.kind = Kind::Binding;
    e.binding = kind;
    e.value = value;
    e.columns.push_back(std::move(column));
    return e;
}

Expression Expression::helper(std::string function, std::vector<std::string> columns,
                              std::size_t argument_count) {
    Expression e;
    e.kind = Kind::Helper;
    e.function = std::move(function);
    e.columns = std::move(columns);
    e.argument_count = argument_count;
    return e;
}

// ---- Roles ----

RoleCatalog::RoleCatalog(std::vector<Role> roles) {
    for (Role& role : roles) {
        std::string name = role.name;
        roles_[name] = std::move(role);
    }
}

bool RoleCatalog::is_exempt(const std::string& role) const {
    auto it = roles_.find(role);
    return it != roles_.end() && (it->second.superuser || it->second.bypass_rls);
}

bool RoleCatalog::has_privileges_of(const std::string& member, const std::string& role) const {
    if (member == role) return true;
    auto start = roles_.find(member);
    if (start == roles_.end()) return false;
    if (start->second.superuser) return true;
    std::set<std::string> seen{member};
    std::vector<std::string> pending(start->second.inherits_from);
    while (!pending.empty()) {
        std::string next = std::move(pending.back());
        pending.pop_back();
        if (next == role) return true;
        if (!seen.insert(next).second) continue;
        auto it = roles_.find(next);
        if (it != roles_.end())
            pending.insert(pending.end(), it->second.inherits_from.begin(),
                           it->second.inherits_from.end());
    }
    return false;
}

std::vector<std::string> RoleCatalog::exempt_roles() const {
    std::vector<std::string> out;
    for (const auto& [name, role] : roles_)
        if (role.superuser || role.bypass_rls) out.push_back(name);
    return out;
}

std::vector<std::string> RoleCatalog::subject_roles() const {
    std::vector<std::string> out;
    for (const auto& [name, role] : roles_)
        if (!role.superuser && !role.bypass_rls) out.push_back(name);
    return out;
}

// ---- The rule ----

std::string_view rule_name(Rule rule) {
    switch (rule) {
        case Rule::TenantTableWithoutRls: return "tenant-table-without-rls";
        case Rule::PolicyNotTenantScoped: return "policy-not-tenant-scoped";
        case Rule::ViewBypassesRls: return "view-bypasses-rls";
        case Rule::ParentExposesTenantRows: return "parent-exposes-tenant-rows";
        case Rule::TenantTableMissingPolicy: return "tenant-table-missing-policy";
    }
    return "";
}

bool confines(const Expression& e, std::string_view tenant_column, const RuleSettings& settings) {
    using Kind = Expression::Kind;
    switch (e.kind) {
        case Kind::Or:
            return !e.operands.empty() &&
                   std::all_of(e.operands.begin(), e.operands.end(), [&](const Expression& o) {
                       return confines(o, tenant_column, settings);
                   });
        case Kind::And:
            return std::any_of(e.operands.begin(), e.operands.end(), [&](const Expression& o) {
                return confines(o, tenant_column, settings);
            });
        case Kind::Binding:
            return e.value == ValueClass::CallerDependent && e.columns.size() == 1 &&
                   is_bound_column(e.columns.front(), tenant_column, settings);
        case Kind::Helper:
            return std::any_of(e.columns.begin(), e.columns.end(), [&](const std::string& c) {
                return is_bound_column(c, tenant_column, settings);
            });
        case Kind::Opaque:
        case Kind::TempDependent: return false;
    }
    return false;
}

bool is_admin_only(const Policy& policy, const RoleCatalog& roles) {
    if (policy.to_public || policy.roles.empty()) return false;
    const std::vector<std::string> subjects = roles.subject_roles();
    for (const std::string& named : policy.roles) {
        if (!roles.is_exempt(named)) return false;
        for (const std::string& subject : subjects)
            if (roles.has_privileges_of(subject, named)) return false;
    }
    return true;
}

CommandVerdict judge_command(const Table& table, Command command, const RoleCatalog& roles,
                             const RuleSettings& settings) {
    CommandVerdict verdict;
    std::vector<const Policy*> permissive;
    for (const Policy& policy : table.policies) {
        if (!governs(policy, command) || is_admin_only(policy, roles)) continue;
        (policy.permissive ? permissive : verdict.restricting).push_back(&policy);
    }
    const std::vector<Side> sides = sides_of(command);
    bool granted_to_someone = false;
    std::set<const Policy*> granting;
    std::map<const Policy*, std::set<Side>> exposed;
    for (const std::string& role : evaluated_roles(table, roles)) {
        // For this role: the permissive policies that apply, and whether each side has one.
        std::vector<const Policy*> applying;
        for (const Policy* policy : permissive)
            if (applies_to_role(*policy, role, roles)) applying.push_back(policy);
        const bool every_side_granted =
            std::all_of(sides.begin(), sides.end(), [&](Side side) {
                return std::any_of(applying.begin(), applying.end(), [&](const Policy* p) {
                    return side_expression(*p, side) != nullptr;
                });
            });
        if (!every_side_granted) continue;  // denied to this role: nothing exposed through it
        granted_to_someone = true;
        for (const Policy* policy : applying) {
            granting.insert(policy);
            for (Side side : sides) {
                const Expression* expression = side_expression(*policy, side);
                if (!expression || confines(*expression, table.tenant_column, settings)) continue;
                const bool covered = std::any_of(
                    verdict.restricting.begin(), verdict.restricting.end(), [&](const Policy* r) {
                        const Expression* restriction = side_expression(*r, side);
                        return restriction && covers(*r, *policy) &&
                               confines(*restriction, table.tenant_column, settings);
                    });
                if (!covered) exposed[policy].insert(side);
            }
        }
    }
    verdict.denied = !granted_to_someone;
    // In the table's policy order, so that both sides list policies alike.
    for (const Policy* policy : permissive) {
        if (granting.count(policy)) verdict.granting.push_back(policy);
        auto it = exposed.find(policy);
        if (it != exposed.end())
            verdict.exposures.push_back({policy, {it->second.begin(), it->second.end()}});
    }
    return verdict;
}

std::optional<Expression> schema_binding(const std::vector<Table>& schema, const Table& target,
                                         const RuleSettings& settings) {
    std::map<std::string, int> uses;
    std::function<void(const Expression&, const Table&)> count = [&](const Expression& e,
                                                                     const Table& table) {
        if (e.kind == Expression::Kind::Helper && e.argument_count == 1 &&
            confines(e, table.tenant_column, settings))
            ++uses[e.function];
        for (const Expression& operand : e.operands) count(operand, table);
    };
    for (const Table& table : schema) {
        if (table.tenant_column.empty() || table.tenant_column_type != target.tenant_column_type)
            continue;
        for (const Policy& policy : table.policies) {
            if (policy.using_expression) count(*policy.using_expression, table);
            if (policy.with_check_expression) count(*policy.with_check_expression, table);
        }
    }
    if (uses.empty()) return std::nullopt;
    // The most used; on a tie the first by name, so that the hint does not depend on order.
    auto best = std::max_element(uses.begin(), uses.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
    });
    return Expression::helper(best->first, {}, 1);
}

std::string confining_predicate(const Table& table, const std::optional<Expression>& reuse) {
    const std::string column = quote_identifier(table.tenant_column);
    if (reuse && reuse->kind == Expression::Kind::Helper) return reuse->function + "(" + column + ")";
    const std::string type = table.tenant_column_type.empty() ? "uuid" : table.tenant_column_type;
    return column + " = (SELECT current_setting('app.organization_id', true))::" + type;
}

std::vector<Finding> check_table(const Table& table, const RoleCatalog& roles,
                                 const RuleSettings& settings, const std::vector<Table>& schema) {
    std::vector<Finding> findings;
    if (is_parent(table)) {
        check_parent(table, roles, settings, findings);
        return findings;
    }
    const std::string qualified = qualified_name(table.schema, table.name);
    if (!table.row_level_security) {
        findings.push_back({Rule::TenantTableWithoutRls, Level::Error, std::nullopt, "",
                            "row level security is not enabled on tenant table " + qualified,
                            enable_rls(table)});
        return findings;
    }
    for (Command command : kAllCommands) {
        const CommandVerdict verdict = judge_command(table, command, roles, settings);
        if (verdict.denied) {
            const std::string name(command_name(command));
            findings.push_back(
                {Rule::TenantTableMissingPolicy,
                 settings.missing_policy_is_error ? Level::Error : Level::Warning, command, "",
                 "no policy on tenant table " + qualified + " grants " + name +
                     " to a role subject to row level security, so PostgreSQL denies it",
                 "Nothing is exposed. If " + name + " is meant to be allowed, add a policy FOR " +
                     name + " whose expressions confine rows to the caller (docs/guard.md)."});
            continue;
        }
        if (verdict.exposures.empty()) continue;
        const std::optional<Expression> reuse = schema_binding(schema, table, settings);
        for (const CommandVerdict::Exposure& exposure : verdict.exposures)
            findings.push_back({Rule::PolicyNotTenantScoped, Level::Error, command,
                                exposure.policy->name,
                                exposure_message(table, command, exposure, settings),
                                fix_exposure(table, exposure, reuse)});
    }
    return findings;
}

std::optional<Finding> check_view(const View& view, const std::vector<View>& views,
                                  const std::set<std::string>& tenant_tables) {
    std::set<std::string> reached;  // tenant tables, sorted
    std::set<std::string> visited;
    // The views by qualified name, made once: a schema of many views is walked once per view.
    std::unordered_map<std::string, std::vector<const View*>> by_name;
    by_name.reserve(views.size());
    for (const View& other : views) by_name[qualified_name(other.schema, other.name)].push_back(&other);
    std::vector<std::string> pending(view.reads);
    while (!pending.empty()) {
        std::string relation = std::move(pending.back());
        pending.pop_back();
        if (!visited.insert(relation).second) continue;
        if (tenant_tables.count(relation)) reached.insert(relation);
        auto named = by_name.find(relation);
        if (named == by_name.end()) continue;
        for (const View* other : named->second)
            pending.insert(pending.end(), other->reads.begin(), other->reads.end());
    }
    if (reached.empty() || (!view.materialized && view.security_invoker)) return std::nullopt;
    const std::string qualified = qualified_name(view.schema, view.name);
    const std::string tables = join({reached.begin(), reached.end()}, ", ");
    if (view.materialized)
        return Finding{Rule::ViewBypassesRls, Level::Error, std::nullopt, "",
                       "materialized view " + qualified + " holds the rows of tenant table " +
                           tables +
                           " for every organisation: row level security does not apply to it",
                       "Read " + tables +
                           " through a view WITH (security_invoker = true) instead, or exempt " +
                           qualified + " with tenant_guard.exempt() if only exempt roles read it."};
    return Finding{Rule::ViewBypassesRls, Level::Error, std::nullopt, "",
                   "view " + qualified + " reads tenant table " + tables +
                       " with its owner's rights, so the caller's row level security does not "
                       "apply",
                   "ALTER VIEW " + qualified + " SET (security_invoker = true);"};
}

Evidence evidence(const Table& table, const RoleCatalog& roles) {
    Evidence out;
    out.owner = table.owner;
    out.force_row_level_security = table.force_row_level_security;
    out.exempt_roles = roles.exempt_roles();
    for (const Policy& policy : table.policies)
        if (is_admin_only(policy, roles)) out.admin_only_policies.push_back(policy.name);
    return out;
}

}  // namespace tenant_guard::isolation::v2
