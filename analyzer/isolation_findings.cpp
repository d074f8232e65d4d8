#include "isolation_findings.h"

#include <algorithm>

namespace tenant_guard::analyzer {

namespace {

bool references(const std::optional<PolicyExpression>& expression, const std::string& column) {
    return expression && std::find(expression->table_columns.begin(), expression->table_columns.end(), column) !=
                             expression->table_columns.end();
}

isolation::Table isolation_table(const Relation& relation, const std::string& tenant_column) {
    isolation::Table table;
    table.schema = relation.schema;
    table.name = relation.name;
    table.tenant_column = tenant_column;
    table.row_level_security = relation.row_level_security;
    for (const PolicyState& state : relation.policies) {
        isolation::Policy policy;
        policy.name = state.name;
        policy.command = state.command;
        policy.permissive = state.permissive;
        policy.has_using = state.using_expression.has_value();
        policy.using_references_tenant_column = references(state.using_expression, tenant_column);
        policy.has_with_check = state.with_check_expression.has_value();
        policy.with_check_references_tenant_column = references(state.with_check_expression, tenant_column);
        table.policies.push_back(std::move(policy));
    }
    return table;
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

}  // namespace

std::optional<isolation::Table> tenant_table(const Relation& relation, const Config& config) {
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
    for (const Column& column : relation.columns) column_names.push_back(column.name);
    auto tenant_column = isolation::find_tenant_column(column_names, config.tenant_columns);
    if (!tenant_column) return std::nullopt;
    return isolation_table(relation, *tenant_column);
}

void isolation_findings_at_commit(const CommitInput& input, const Config& config, isolation::Rule rule,
                                  std::vector<Finding>& findings) {
    const Facts& facts = input.facts;
    const uint32_t file = input.file;
    if (facts.files[file].is_baseline()) return;
    for (const Relation* touched_relation : input.touched) {
        const Relation& relation = *touched_relation;
        if (relation.exemption) continue;
        const std::optional<isolation::Table> table = tenant_table(relation, config);
        if (!table) continue;

        const std::vector<uint32_t> touches = touches_in_file(relation, facts, file);
        if (touches.empty()) continue;  // touched by no statement of this file
        const Origin first_touch = origin_of(touches.front(), facts);
        for (const isolation::Finding& decided : isolation::check_table(*table)) {
            if (decided.rule != rule) continue;
            Origin origin = in_file(relation.created, file) ? relation.created : first_touch;
            if (!decided.policy.empty()) {
                for (const PolicyState& policy : relation.policies)
                    if (policy.name == decided.policy && in_file(policy.defined, file)) origin = policy.defined;
            }
            Finding finding;
            finding.location = origin.location;
            finding.statement = origin.statement;
            finding.message = decided.message;
            finding.hint = decided.hint;
            finding.table = relation.qualified_name();
            if (decided.command) finding.command = std::string(isolation::command_name(*decided.command));
            if (!decided.policy.empty()) finding.policy = decided.policy;
            finding.touching_statements = touches;
            findings.push_back(std::move(finding));
        }
    }
}

}  // namespace tenant_guard::analyzer
