// TEMPORARY — DELETE AT MERGE. A stand-in for core/isolation.cpp, which the guard's branch
// implements, so that the checker links and its tests run meanwhile. It follows
// core/isolation.h and DESIGN.md "Part 2: the guard"; messages and hints will be those of
// the real core/isolation.cpp after the merge (re-bless the golden cases then:
// tests/golden/run.sh --update build/tenant-guard).
#include <algorithm>

#include "isolation.h"

namespace tenant_guard::isolation {

namespace {

bool applies_to(PolicyCommand policy, Command command) {
    switch (policy) {
        case PolicyCommand::All: return true;
        case PolicyCommand::Select: return command == Command::Select;
        case PolicyCommand::Insert: return command == Command::Insert;
        case PolicyCommand::Update: return command == Command::Update;
        case PolicyCommand::Delete: return command == Command::Delete;
    }
    return false;
}

bool scoped_for(const Policy& policy, Command command) {
    bool using_scoped = policy.has_using && policy.using_references_tenant_column;
    bool check_scoped = policy.has_with_check ? policy.with_check_references_tenant_column : using_scoped;
    switch (command) {
        case Command::Select:
        case Command::Delete: return using_scoped;
        case Command::Insert: return check_scoped;
        case Command::Update: return using_scoped && check_scoped;
    }
    return false;
}

bool needs_quotes(std::string_view name) {
    if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return true;
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '$'))
            return true;
    return false;
}

std::string quote(std::string_view name) {
    if (!needs_quotes(name)) return std::string(name);
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

}  // namespace

std::string_view rule_name(Rule rule) {
    switch (rule) {
        case Rule::TenantTableWithoutRls: return "tenant-table-without-rls";
        case Rule::TenantTableMissingPolicy: return "tenant-table-missing-policy";
        case Rule::PolicyNotTenantScoped: return "policy-not-tenant-scoped";
    }
    return "";
}

std::string_view command_name(Command command) {
    switch (command) {
        case Command::Select: return "SELECT";
        case Command::Insert: return "INSERT";
        case Command::Update: return "UPDATE";
        case Command::Delete: return "DELETE";
    }
    return "";
}

std::string qualified_name(std::string_view schema, std::string_view name) {
    return quote(schema) + "." + quote(name);
}

std::vector<Finding> check_table(const Table& table) {
    std::vector<Finding> findings;
    std::string qualified = qualified_name(table.schema, table.name);
    std::string column = quote(table.tenant_column);
    std::string scoped_expression = column + " = current_setting('app." + table.tenant_column + "')::uuid";
    if (!table.row_level_security) {
        findings.push_back({Rule::TenantTableWithoutRls, std::nullopt, "",
                            "tenant table " + qualified + " does not have row level security enabled",
                            "ALTER TABLE " + qualified + " ENABLE ROW LEVEL SECURITY;"});
    }
    for (Command command : kAllCommands) {
        std::vector<const Policy*> permissive;
        bool restrictive_scoped = false;
        for (const Policy& policy : table.policies) {
            if (!applies_to(policy.command, command)) continue;
            if (policy.permissive) permissive.push_back(&policy);
            else if (scoped_for(policy, command)) restrictive_scoped = true;
        }
        std::string name(command_name(command));
        if (permissive.empty()) {
            findings.push_back({Rule::TenantTableMissingPolicy, command, "",
                                "tenant table " + qualified + " has no permissive policy for " + name,
                                "CREATE POLICY " + quote(table.name + "_" + lower(name)) + " ON " + qualified +
                                    " FOR " + name + (command == Command::Insert ? " WITH CHECK (" : " USING (") +
                                    scoped_expression + ");"});
            continue;
        }
        if (restrictive_scoped) continue;
        for (const Policy* policy : permissive) {
            if (scoped_for(*policy, command)) continue;
            findings.push_back({Rule::PolicyNotTenantScoped, command, policy->name,
                                "policy " + quote(policy->name) + " on " + qualified + " lets " + name +
                                    " through without restricting " + column,
                                "ALTER POLICY " + quote(policy->name) + " ON " + qualified + " USING (" +
                                    scoped_expression + ") WITH CHECK (" + scoped_expression + ");"});
        }
    }
    return findings;
}

std::optional<std::string> find_tenant_column(const std::vector<std::string>& columns,
                                              const std::vector<std::string>& tenant_columns) {
    for (const std::string& tenant_column : tenant_columns)
        if (std::find(columns.begin(), columns.end(), tenant_column) != columns.end()) return tenant_column;
    return std::nullopt;
}

bool is_exempt_schema(std::string_view schema, const std::vector<std::string>& configured) {
    for (std::string_view builtin : {"pg_catalog", "information_schema", "pg_toast", "tenant_guard"})
        if (schema == builtin) return true;
    if (schema.substr(0, 8) == "pg_temp_" || schema == "pg_temp") return true;
    return std::find(configured.begin(), configured.end(), schema) != configured.end();
}

}  // namespace tenant_guard::isolation
