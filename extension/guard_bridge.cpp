// The guard's bridge to core/: plain data in, malloc'd text out. This file must not see
// PostgreSQL (no ereport can skip the destructors here) and nothing here throws out.
#include "guard_bridge.h"

#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "isolation.h"
#include "isolation_report.h"
#include "isolation_rule.h"

#ifdef PG_VERSION_NUM
#error "guard_bridge.cpp must not include PostgreSQL headers"
#endif

namespace iso = tenant_guard::isolation;
namespace v2 = tenant_guard::isolation::v2;

namespace {

iso::PolicyCommand policy_command(char polcmd) {
    switch (polcmd) {
        case 'r': return iso::PolicyCommand::Select;
        case 'a': return iso::PolicyCommand::Insert;
        case 'w': return iso::PolicyCommand::Update;
        case 'd': return iso::PolicyCommand::Delete;
        default: return iso::PolicyCommand::All;
    }
}

std::vector<std::string> strings(const char* const* items, int n) {
    return n > 0 ? std::vector<std::string>(items, items + n) : std::vector<std::string>{};
}

v2::ValueClass value_class(char value) {
    switch (value) {
        case 'c': return v2::ValueClass::CallerDependent;
        case 'r': return v2::ValueClass::RowDependent;
        default: return v2::ValueClass::Constant;
    }
}

v2::BindingKind binding_kind(char binding) {
    switch (binding) {
        case 'm': return v2::BindingKind::Membership;
        case 'x': return v2::BindingKind::Exists;
        default: return v2::BindingKind::Equality;
    }
}

// The subtree that starts at nodes[*next], in prefix order.
v2::Expression to_expression(const GuardExpressionFacts& facts, int* next) {
    if (*next >= facts.nnodes) return v2::Expression::opaque();  // malformed: confines nothing
    const GuardExpressionNode& node = facts.nodes[(*next)++];
    switch (node.kind) {
        case 'o':
        case 'a': {
            std::vector<v2::Expression> operands;
            for (int i = 0; i < node.noperands; ++i) operands.push_back(to_expression(facts, next));
            return node.kind == 'o' ? v2::Expression::any_of(std::move(operands))
                                    : v2::Expression::all_of(std::move(operands));
        }
        case 'b':
            if (node.ncolumns != 1) return v2::Expression::opaque();
            return v2::Expression::bind(node.columns[0], value_class(node.value),
                                        binding_kind(node.binding));
        case 'h':
            return v2::Expression::helper(node.function, strings(node.columns, node.ncolumns),
                                          static_cast<std::size_t>(node.nargs));
        case 't': return v2::Expression::temp_dependent();
        default: return v2::Expression::opaque();
    }
}

std::optional<v2::Expression> to_optional_expression(const GuardExpressionFacts& facts) {
    if (facts.nnodes == 0) return std::nullopt;
    int next = 0;
    return to_expression(facts, &next);
}

v2::Table to_table(const GuardTableFacts& f) {
    v2::Table t;
    t.schema = f.schema;
    t.name = f.name;
    t.tenant_column = f.tenant_column;
    t.tenant_column_type = f.tenant_column_type ? f.tenant_column_type : "";
    t.owner = f.owner ? f.owner : "";
    t.row_level_security = f.row_level_security;
    t.force_row_level_security = f.force_row_level_security;
    for (int i = 0; i < f.npolicies; ++i) {
        const GuardPolicyFacts& p = f.policies[i];
        v2::Policy policy;
        policy.name = p.name;
        policy.command = policy_command(p.command);
        policy.permissive = p.permissive;
        policy.to_public = p.to_public;
        policy.roles = strings(p.roles, p.nroles);
        policy.using_expression = to_optional_expression(p.using_expression);
        policy.with_check_expression = to_optional_expression(p.with_check_expression);
        t.policies.push_back(std::move(policy));
    }
    t.tenant_descendants = strings(f.descendants, f.ndescendants);
    return t;
}

v2::RoleCatalog to_roles(const GuardRuleContext& context) {
    std::vector<v2::Role> roles;
    for (int i = 0; i < context.nroles; ++i) {
        const GuardRoleFacts& r = context.roles[i];
        roles.push_back({r.name, r.superuser, r.bypass_rls, strings(r.inherits, r.ninherits)});
    }
    return v2::RoleCatalog(std::move(roles));
}

v2::RuleSettings to_settings(const GuardRuleContext& context) {
    v2::RuleSettings settings;
    settings.identity_columns = strings(context.identity_columns, context.nidentity_columns);
    settings.missing_policy_is_error = context.missing_policy_is_error;
    return settings;
}

v2::View to_view(const GuardViewFacts& f) {
    return {f.schema, f.name, f.materialized, f.security_invoker, strings(f.reads, f.nreads)};
}

// malloc'd copy, or throws std::bad_alloc.
char* dup(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

// What the error message calls the relations that fail: kinds holds what each one is.
std::string summary_message(const std::vector<std::string>& relations, const std::set<std::string>& kinds) {
    if (relations.size() == 1) return *kinds.begin() + " " + relations.front() + " is not isolated by row level security";
    const std::string plural = kinds.size() == 1 && *kinds.begin() == "tenant table" ? "tenant tables" : "relations";
    return std::to_string(relations.size()) + " " + plural + " are not isolated by row level security";
}

}  // namespace

void guard_report_free(GuardReport* r) noexcept {
    if (!r) return;
    for (size_t i = 0; r->findings && i < r->nfindings; ++i) {
        GuardFinding& f = r->findings[i];
        std::free(f.table_name);
        std::free(f.rule);
        std::free(f.command);
        std::free(f.policy);
        std::free(f.message);
    }
    std::free(r->findings);
    std::free(r->message);
    std::free(r->detail);
    std::free(r->hint);
    *r = GuardReport{};
}

namespace {

// SQLSTATE XX000: a failure of the guard itself, not of what it judges.
constexpr const char* kInternalError = "XX000";

// Fills report; on an exception, frees what was filled and rethrows.
void evaluate(const GuardTableFacts* tables, int ntables, const int* views, int nviews,
              const GuardRuleContext* context, bool lone_statement, GuardReport* report) {
    try {
        const v2::RoleCatalog roles = to_roles(*context);
        const v2::RuleSettings settings = to_settings(*context);
        struct Row {
            std::string relation, rule, command, policy, message;
            bool error, has_command, has_policy;
        };
        std::vector<Row> rows;
        std::vector<std::string> failing, details, fixes;
        std::set<std::string> failing_kinds;
        auto record = [&](const std::string& relation, const std::string& kind,
                          const v2::Finding& f) {
            const bool error = f.level == v2::Level::Error;
            rows.push_back({relation, std::string(v2::rule_name(f.rule)),
                            f.command ? std::string(iso::command_name(*f.command)) : "", f.policy,
                            f.message, error, f.command.has_value(), !f.policy.empty()});
            if (!error) return;
            if (failing.empty() || failing.back() != relation) failing.push_back(relation);
            failing_kinds.insert(kind);
            details.push_back(std::string(v2::rule_name(f.rule)) + ": " + f.message);
            if (!f.hint.empty() && std::find(fixes.begin(), fixes.end(), f.hint) == fixes.end())
                fixes.push_back(f.hint);
        };

        std::vector<v2::Table> schema;
        for (int i = 0; i < context->nschema_tables; ++i) schema.push_back(to_table(context->schema_tables[i]));
        for (int i = 0; i < ntables; ++i) {
            const v2::Table t = to_table(tables[i]);
            const std::string qualified = iso::qualified_name(t.schema, t.name);
            const std::string kind = t.tenant_column.empty() ? "inheritance parent" : "tenant table";
            for (const v2::Finding& f : v2::check_table(t, roles, settings, schema))
                record(qualified, kind, f);
        }
        if (nviews > 0) {
            std::vector<v2::View> all_views;
            for (int i = 0; i < context->nviews; ++i) all_views.push_back(to_view(context->views[i]));
            const std::vector<std::string> tenant = strings(context->tenant_tables, context->ntenant_tables);
            const std::set<std::string> tenant_tables(tenant.begin(), tenant.end());
            for (int i = 0; i < nviews; ++i) {
                const v2::View& view = all_views[views[i]];
                if (auto f = v2::check_view(view, all_views, tenant_tables))
                    record(iso::qualified_name(view.schema, view.name),
                           view.materialized ? "materialized view" : "view", *f);
            }
        }
        if (rows.empty()) return;
        report->findings = static_cast<GuardFinding*>(std::calloc(rows.size(), sizeof(GuardFinding)));
        if (!report->findings) throw std::bad_alloc();
        for (const Row& row : rows) {
            GuardFinding& f = report->findings[report->nfindings++];
            f.table_name = dup(row.relation);
            f.rule = dup(row.rule);
            f.error = row.error;
            f.command = row.has_command ? dup(row.command) : nullptr;
            f.policy = row.has_policy ? dup(row.policy) : nullptr;
            f.message = dup(row.message);
        }
        if (failing.empty()) return;
        report->message = dup(summary_message(failing, failing_kinds));
        report->detail = dup(join(details));
        // The advice to run table, RLS and policies together is for tenant tables.
        const bool lone_tenant_table = lone_statement && failing_kinds.count("tenant table");
        report->hint = dup(iso::hint_intro(lone_tenant_table) + "\n" + join(fixes));
    } catch (...) {
        guard_report_free(report);
        throw;
    }
}

}  // namespace

tenant_guard::Outcome<GuardReport> guard_evaluate(const GuardTableFacts* tables, int ntables,
                                                  const int* views, int nviews,
                                                  const GuardRuleContext* context,
                                                  bool lone_statement) noexcept {
    return tenant_guard::run_cpp<GuardReport>("evaluate the tenant tables", kInternalError, [&] {
        GuardReport report{};
        evaluate(tables, ntables, views, nviews, context, lone_statement, &report);
        return report;
    });
}

tenant_guard::Outcome<char*> guard_render_report(const GuardTableFacts* tables,
                                                 const GuardExemptionFacts* exemptions, int ntables,
                                                 const GuardRuleContext* context,
                                                 const GuardKeyStateFacts* key_states, int nkey_states,
                                                 const char* source, const char* generated_at,
                                                 bool html) noexcept {
    return tenant_guard::run_cpp<char*>("render the isolation report", kInternalError, [&] {
        iso::ReportInput input;
        input.source = source;
        input.generated_at = generated_at;
        input.roles = to_roles(*context);
        input.settings = to_settings(*context);
        input.owners_known = true;
        for (int i = 0; i < ntables; ++i) {
            iso::ReportedTable reported{to_table(tables[i]), std::nullopt};
            const GuardExemptionFacts& e = exemptions[i];
            if (e.reason) reported.exemption = iso::Exemption{e.reason, e.exempted_by, e.exempted_at};
            input.tables.push_back(std::move(reported));
        }
        input.org_keys.emplace();
        for (int i = 0; i < nkey_states; ++i)
            input.org_keys->push_back({key_states[i].state, key_states[i].keys});
        return dup(html ? iso::render_html(input) : iso::render_markdown(input));
    });
}

tenant_guard::Outcome<bool> guard_is_exempt_schema(const char* schema, const char* const* configured,
                                                   int nconfigured) noexcept {
    return tenant_guard::run_cpp<bool>("read tenant_guard.exempt_schemas", kInternalError, [&] {
        std::vector<std::string> list(configured, configured + nconfigured);
        return iso::is_exempt_schema(schema, list);
    });
}

tenant_guard::Outcome<int> guard_find_tenant_column(const char* const* present, int npresent,
                                                    const char* const* tenant_columns,
                                                    int ntenant_columns) noexcept {
    return tenant_guard::run_cpp<int>("find the tenant column", kInternalError, [&] {
        std::vector<std::string> columns(present, present + npresent);
        std::vector<std::string> candidates(tenant_columns, tenant_columns + ntenant_columns);
        std::optional<std::string> found = iso::find_tenant_column(columns, candidates);
        if (!found) return -1;
        for (int i = 0; i < ntenant_columns; ++i)
            if (*found == tenant_columns[i]) return i;
        return -1;
    });
}
