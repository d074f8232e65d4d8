#include "isolation_findings.h"

#include <algorithm>

namespace tenant_guard::analyzer {

namespace {

bool references(const std::vector<std::string>& columns, const std::string& column) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
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
        policy.has_using = state.has_using;
        policy.using_references_tenant_column = references(state.using_columns, tenant_column);
        policy.has_with_check = state.has_with_check;
        policy.with_check_references_tenant_column = references(state.with_check_columns, tenant_column);
        table.policies.push_back(std::move(policy));
    }
    return table;
}

// A baseline is a snapshot, not a migration: a finding on a table that only the baseline
// created is placed at the first migration statement that touched the table, and dropped
// when none did.
std::optional<Origin> place(const Origin& preferred, const Relation& relation, const Facts& facts) {
    if (!facts.files[preferred.location.file].is_baseline()) return preferred;
    for (uint32_t statement : relation.touched_by) {
        if (statement >= facts.statements.size()) continue;
        const StatementRecord& record = facts.statements[statement];
        if (!facts.files[record.file].is_baseline()) return Origin{statement, {record.file, record.start}};
    }
    return std::nullopt;
}

}  // namespace

void isolation_findings(const RuleInput& input, isolation::Rule rule, std::vector<Finding>& findings) {
    input.model.for_each_relation([&](const Relation& relation) {
        if (!relation.is_table() || relation.temporary || relation.exempt) return;
        if (isolation::is_exempt_schema(relation.schema, input.config.exempt_schemas)) return;
        // Most tables of a big schema are not tenant tables: rule them out before building
        // the column list that core/ wants.
        bool has_candidate = false;
        for (const std::string& tenant_column : input.config.tenant_columns)
            if (relation.find_column(tenant_column)) has_candidate = true;
        if (!has_candidate) return;
        std::vector<std::string> column_names;
        column_names.reserve(relation.columns.size());
        for (const Column& column : relation.columns) column_names.push_back(column.name);
        auto tenant_column = isolation::find_tenant_column(column_names, input.config.tenant_columns);
        if (!tenant_column) return;
        for (const isolation::Finding& decided : isolation::check_table(isolation_table(relation, *tenant_column))) {
            if (decided.rule != rule) continue;
            Origin origin = relation.created;
            if (!decided.policy.empty()) {
                for (const PolicyState& policy : relation.policies)
                    if (policy.name == decided.policy) origin = policy.defined;
            }
            auto placed = place(origin, relation, input.facts);
            if (!placed) continue;
            Finding finding;
            finding.rule = std::string(isolation::rule_name(rule));
            finding.location = placed->location;
            finding.statement = placed->statement;
            finding.message = decided.message;
            finding.hint = decided.hint;
            finding.table = relation.qualified_name();
            if (decided.command) finding.command = std::string(isolation::command_name(*decided.command));
            if (!decided.policy.empty()) finding.policy = decided.policy;
            finding.touching_statements = relation.touched_by;
            findings.push_back(std::move(finding));
        }
    });
}

}  // namespace tenant_guard::analyzer
