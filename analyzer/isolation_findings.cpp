#include "isolation_findings.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

namespace tenant_guard::analyzer {

namespace v2 = isolation::v2;

namespace {

// A column's type as PostgreSQL's format_type() spells it, as the guard's hints do.
std::string sql_type_name(const std::string& type) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"int2", "smallint"},  {"int4", "integer"},  {"int8", "bigint"},
        {"bool", "boolean"},   {"float4", "real"},   {"float8", "double precision"},
        {"varchar", "character varying"},            {"bpchar", "character"}};
    for (const auto& [internal, spelled] : kNames)
        if (type == internal) return spelled;
    return type;
}

v2::Table described_table(const Relation& relation, const std::string& tenant_column) {
    v2::Table table;
    table.schema = relation.schema;
    table.name = relation.name;
    table.tenant_column = tenant_column;
    if (const Column* column = tenant_column.empty() ? nullptr : relation.find_column(tenant_column))
        table.tenant_column_type = sql_type_name(column->type.str());
    table.row_level_security = relation.row_level_security;
    table.force_row_level_security = relation.force_row_level_security;
    for (const PolicyState& state : relation.policies) {
        v2::Policy policy;
        policy.name = state.name;
        policy.command = state.command;
        policy.permissive = state.permissive;
        policy.to_public = state.to_public;
        for (const SharedText& role : state.roles) policy.roles.push_back(role.str());
        if (state.using_expression) policy.using_expression = state.using_expression->reduced;
        if (state.with_check_expression) policy.with_check_expression = state.with_check_expression->reduced;
        table.policies.push_back(std::move(policy));
    }
    // In name order, as PostgreSQL keeps and applies them and as the guard reads them.
    std::sort(table.policies.begin(), table.policies.end(),
              [](const v2::Policy& a, const v2::Policy& b) { return a.name < b.name; });
    return table;
}

bool judged(const Relation& relation, const Config& config) {
    return relation.is_table() && !relation.temporary && !relation.exemption &&
           !isolation::is_exempt_schema(relation.schema, config.exempt_schemas);
}

// The tenant descendants of a table without the tenant column (inheritance: partitions have
// their parent's columns), schema-qualified and quoted.
std::vector<std::string> tenant_descendants(const Relation& relation, const Config& config) {
    std::vector<std::string> out;
    std::set<const Relation*> seen{&relation};
    std::vector<const Relation*> pending(relation.children.begin(), relation.children.end());
    while (!pending.empty()) {
        const Relation* next = pending.back();
        pending.pop_back();
        if (!seen.insert(next).second) continue;
        if (judged(*next, config) && tenant_table(*next, config)) out.push_back(next->qualified_name());
        pending.insert(pending.end(), next->children.begin(), next->children.end());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// An inheritance parent without the tenant column above tenant tables, as core/ describes it.
std::optional<v2::Table> parent_table(const Relation& relation, const Config& config) {
    if (!judged(relation, config) || relation.children.empty() || tenant_table(relation, config))
        return std::nullopt;
    std::vector<std::string> descendants = tenant_descendants(relation, config);
    if (descendants.empty()) return std::nullopt;
    v2::Table table = described_table(relation, "");
    table.tenant_descendants = std::move(descendants);
    return table;
}

// A view as core/ describes it: what it reads, by the name each read resolves to now.
v2::View described_view(const Relation& view, const SchemaModel& model) {
    v2::View out{view.schema, view.name, view.kind == RelationKind::MaterializedView,
                 view.security_invoker, {}};
    for (const QualifiedName& name : view.reads)
        if (const Relation* read = model.find(name)) out.reads.push_back(read->qualified_name());
    return out;
}

// The statements of file that touched relation, in order.
std::vector<uint32_t> touches_in_file(const Relation& relation, const Facts& facts, uint32_t file) {
    std::vector<uint32_t> touches;
    for (uint32_t statement : relation.touched_by)
        if (statement < facts.statements.size() && facts.statements[statement].file == file)
            touches.push_back(statement);
    return touches;
}

Origin origin_of(uint32_t statement, const Facts& facts) {
    const StatementRecord& record = facts.statements[statement];
    return Origin{statement, {record.file, record.start}};
}

bool in_file(const Origin& origin, uint32_t file) {
    return origin.statement != kNoStatement && origin.location.file == file;
}

// Where the finding goes: the statement of this file that created the relation or the policy
// at fault, else the relation's first touch in the file (touches: not empty).
Finding placed(const Relation& relation, const v2::Finding& decided, uint32_t file,
               const std::vector<uint32_t>& touches, const Facts& facts) {
    Origin origin = in_file(relation.created, file) ? relation.created : origin_of(touches.front(), facts);
    if (!decided.policy.empty())
        if (const PolicyState* policy = relation.find_policy(decided.policy); policy && in_file(policy->defined, file))
            origin = policy->defined;
    Finding finding;
    finding.location = origin.location;
    finding.statement = origin.statement;
    finding.message = decided.message;
    finding.hint = decided.hint;
    finding.table = relation.qualified_name();
    if (decided.command) finding.command = std::string(isolation::command_name(*decided.command));
    if (!decided.policy.empty()) finding.policy = decided.policy;
    finding.touching_statements = touches;
    return finding;
}

// The relations a commit makes the rule look at: what it touched, the inheritance ancestors
// of those (a new descendant is read through them), and the views that reach any of them.
std::vector<const Relation*> judged_relations(const CommitInput& input, const std::vector<const Relation*>& views) {
    std::vector<const Relation*> out;
    std::set<const Relation*> seen;
    // A read resolves only to a relation of its name: the names of what is judged rule out
    // most reads before the model resolves them (a view reads through the search_path).
    std::unordered_set<std::string_view> seen_names;
    std::vector<const Relation*> pending(input.touched.begin(), input.touched.end());
    while (!pending.empty()) {
        const Relation* next = pending.back();
        pending.pop_back();
        if (!seen.insert(next).second) continue;
        out.push_back(next);
        seen_names.insert(next->name);
        pending.insert(pending.end(), next->parents.begin(), next->parents.end());
    }
    // Views reaching a judged relation, through other views.
    bool grew = !views.empty();
    while (grew) {
        grew = false;
        for (const Relation* view : views) {
            if (seen.count(view)) continue;
            for (const QualifiedName& name : view->reads) {
                if (!seen_names.count(name.name)) continue;
                const Relation* read = input.model.find(name);
                if (read && seen.count(read)) {
                    seen.insert(view);
                    seen_names.insert(view->name);
                    out.push_back(view);
                    grew = true;
                    break;
                }
            }
        }
    }
    return out;
}

}  // namespace

namespace {

// The tenant column of a tenant table (tenant_table()), without describing the table.
std::optional<std::string> tenant_column_of(const Relation& relation, const Config& config) {
    if (!relation.is_table() || relation.temporary) return std::nullopt;
    if (isolation::is_exempt_schema(relation.schema, config.exempt_schemas)) return std::nullopt;
    // Most tables of a big schema are not tenant tables: rule them out before building the
    // column list that core/ wants.
    bool has_candidate = false;
    for (const std::string& tenant_column : config.tenant_columns)
        if (relation.find_column(tenant_column)) has_candidate = true;
    if (!has_candidate) return std::nullopt;
    std::vector<std::string> column_names;
    column_names.reserve(relation.columns.size());
    for (const Column& column : relation.columns) column_names.push_back(column.name.str());
    return isolation::find_tenant_column(column_names, config.tenant_columns);
}

// What check_view() can look at for a view: the views (neither temporary nor exempt) and the
// judged tenant tables that its reads reach, through views, as the reads resolve now. It
// follows reads by name from the view's own, so the rest of the model cannot change its
// verdict, and a schema of many views is not described again at every commit.
struct ViewReach {
    std::vector<v2::View> views;
    std::set<std::string> tenant_tables;
};

ViewReach reach_of(const Relation& view, const SchemaModel& model, const Config& config) {
    ViewReach reach;
    std::set<const Relation*> visited;
    std::vector<const Relation*> pending;
    auto follow_reads = [&](const Relation& reader) {
        for (const QualifiedName& name : reader.reads)
            if (const Relation* read = model.find(name)) pending.push_back(read);
    };
    follow_reads(view);
    while (!pending.empty()) {
        const Relation* next = pending.back();
        pending.pop_back();
        if (!visited.insert(next).second) continue;
        if (judged(*next, config) && tenant_column_of(*next, config)) reach.tenant_tables.insert(next->qualified_name());
        if (next->is_view() && !next->temporary && !next->exemption) {
            reach.views.push_back(described_view(*next, model));
            follow_reads(*next);
        }
    }
    return reach;
}

}  // namespace

std::optional<v2::Table> tenant_table(const Relation& relation, const Config& config) {
    std::optional<std::string> tenant_column = tenant_column_of(relation, config);
    if (!tenant_column) return std::nullopt;
    return described_table(relation, *tenant_column);
}

std::string no_tenant_table_warning(const SchemaModel& model, const Config& config) {
    size_t tables = 0;
    bool tenant = false;
    model.for_each_relation([&](const Relation& relation) {
        if (!relation.is_table() || relation.temporary) return;
        ++tables;
        tenant = tenant || tenant_column_of(relation, config);
    });
    if (tenant || tables == 0) return {};
    std::string columns;
    for (const std::string& column : config.tenant_columns) columns += (columns.empty() ? "" : ", ") + column;
    return (tables == 1 ? std::string("the one table has no tenant column (")
                        : "none of the " + std::to_string(tables) + " tables has a tenant column (") + columns +
           "): no isolation rule applies. Tenant column names are exact: --tenant-column organizationId "
           "for Prisma's camelCase";
}

v2::RoleCatalog role_catalog(const SchemaModel& model) {
    std::vector<v2::Role> roles;
    for (const auto& [name, state] : model.roles())
        roles.push_back({name, state.superuser, state.bypass_rls,
                         state.inherit ? state.member_of : std::vector<std::string>{}});
    return v2::RoleCatalog(std::move(roles));
}

v2::RuleSettings rule_settings(const Config& config) {
    v2::RuleSettings settings;
    settings.identity_columns = config.identity_columns;
    auto level = config.rule_levels.find(RuleId::TenantTableMissingPolicy);
    settings.missing_policy_is_error = level != config.rule_levels.end() && level->second == Level::Error;
    return settings;
}

bool IsolationHistory::seen_before(const std::string& relation, const std::string& key) const {
    auto found = last_.find(relation);
    return found != last_.end() && found->second.count(key);
}

void IsolationHistory::record(const std::string& relation, std::set<std::string> keys) {
    // Nothing found reads as never found: a history of thousands of clean tables keeps nothing.
    if (keys.empty()) last_.erase(relation);
    else last_[relation] = std::move(keys);
}

CommitDecision decide_commit(const CommitInput& input, const Config& config) {
    CommitDecision decision;
    const Facts& facts = input.facts;
    const uint32_t file = input.file;
    if (facts.files[file].is_baseline()) return decision;
    // Built when the first table is judged: most commits of a history judge none, or a view.
    std::optional<v2::RoleCatalog> roles;
    const v2::RuleSettings settings = rule_settings(config);
    // The schema's tenant tables, for the hints of policy-not-tenant-scoped to learn the
    // schema's binding from: built only when a table has such a finding (the hints are all
    // that it changes), since it takes every tenant table of the model.
    std::vector<v2::Table> schema;
    bool schema_built = false;

    for (const Relation* judged_relation : judged_relations(input, input.model.views())) {
        const Relation& relation = *judged_relation;
        if (relation.exemption || relation.temporary) continue;
        // A relation reached through a touched one (an ancestor, a view) is placed at the
        // file's first touch of what reached it when it has none of its own.
        std::vector<uint32_t> touches = touches_in_file(relation, facts, file);
        if (touches.empty()) {
            for (const Relation* touched : input.touched) {
                std::vector<uint32_t> other = touches_in_file(*touched, facts, file);
                touches.insert(touches.end(), other.begin(), other.end());
            }
            std::sort(touches.begin(), touches.end());
            touches.erase(std::unique(touches.begin(), touches.end()), touches.end());
        }
        if (touches.empty()) continue;  // touched by no statement of this file

        std::vector<v2::Finding> decided;
        if (relation.is_view()) {
            const ViewReach reach = reach_of(relation, input.model, config);
            if (auto finding = v2::check_view(described_view(relation, input.model), reach.views, reach.tenant_tables))
                decided.push_back(*finding);
        } else {
            std::optional<v2::Table> table = tenant_table(relation, config);
            if (!table) table = parent_table(relation, config);
            if (!table) continue;
            if (!roles) roles = role_catalog(input.model);
            decided = v2::check_table(*table, *roles, settings, schema);
            const bool exposes = std::any_of(decided.begin(), decided.end(), [](const v2::Finding& finding) {
                return finding.rule == v2::Rule::PolicyNotTenantScoped;
            });
            if (exposes && !schema_built) {
                input.model.for_each_relation([&](const Relation& other) {
                    if (judged(other, config))
                        if (auto described = tenant_table(other, config)) schema.push_back(std::move(*described));
                });
                schema_built = true;
                decided = v2::check_table(*table, *roles, settings, schema);
            }
        }
        decision.relations.push_back({&relation,
                                      relation.qualified_name() + "@" + std::to_string(relation.created.statement),
                                      std::move(touches), std::move(decided)});
    }
    return decision;
}

void isolation_findings_at_commit(const CommitInput& input, const CommitDecision& decision, v2::Rule rule,
                                  IsolationHistory& history, std::vector<Finding>& findings) {
    for (const JudgedRelation& entry : decision.relations) {
        if (entry.relation->is_view() && rule != v2::Rule::ViewBypassesRls) continue;
        std::set<std::string> keys;
        for (const v2::Finding& finding : entry.decided) {
            if (finding.rule != rule) continue;
            const std::string key = std::string(finding.command ? isolation::command_name(*finding.command) : "") +
                                    "/" + finding.policy;
            findings.push_back(placed(*entry.relation, finding, input.file, entry.touches, input.facts));
            findings.back().continues_earlier = history.seen_before(entry.identity, key);
            keys.insert(key);
        }
        history.record(entry.identity, std::move(keys));
    }
}

}  // namespace tenant_guard::analyzer
