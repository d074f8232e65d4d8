// The tenant isolation rule of DESIGN.md "Part 2: the guard". Pure C++17: no PostgreSQL here.
#include "isolation.h"

#include <algorithm>
#include <array>
#include <set>

namespace tenant_guard::isolation {
namespace {

// PostgreSQL 15 keywords that quote_identifier() quotes: every category but unreserved
// (generated from parser/kwlist.h; sorted, for binary search).
constexpr std::array<std::string_view, 151> kQuotedKeywords = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable"
};

constexpr std::string_view kBuiltinExemptSchemas[] = {"pg_catalog", "information_schema",
                                                      "pg_toast", "tenant_guard"};

bool has_tenant_using(const Policy& p) { return p.has_using && p.using_references_tenant_column; }

// The expression PostgreSQL checks new rows against: WITH CHECK, or USING in its place.
bool has_tenant_check(const Policy& p) {
    if (p.has_with_check) return p.with_check_references_tenant_column;
    return has_tenant_using(p);
}

std::string lower_command(Command c) {
    std::string out(command_name(c));
    for (char& ch : out) ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}

// Which clauses an ALTER POLICY must set so that the policy becomes tenant-scoped for c.
struct Needs {
    bool using_clause = false;
    bool check_clause = false;
};

Needs needs_for(const Policy& p, Command c) {
    Needs n;
    switch (c) {
        case Command::Select:
        case Command::Delete:
            n.using_clause = !has_tenant_using(p);
            break;
        case Command::Insert:
            if (has_tenant_check(p)) break;
            // Without WITH CHECK, fixing USING fixes the fallback too; an INSERT policy has no USING.
            if (p.has_with_check || p.command == PolicyCommand::Insert || !p.has_using)
                n.check_clause = true;
            else
                n.using_clause = true;
            break;
        case Command::Update:
            n.using_clause = !has_tenant_using(p);
            n.check_clause = p.has_with_check && !p.with_check_references_tenant_column;
            break;
    }
    return n;
}

std::string why_not_scoped(const Policy& p, Command c, std::string_view column) {
    const std::string col = quote_identifier(column);
    const std::string using_problem =
        p.has_using ? "its USING expression does not reference " + col : "it has no USING expression";
    switch (c) {
        case Command::Select:
        case Command::Delete:
            return using_problem;
        case Command::Insert:
            if (p.has_with_check) return "its WITH CHECK expression does not reference " + col;
            if (p.has_using)
                return "it has no WITH CHECK expression and its USING expression, used in its "
                       "place, does not reference " + col;
            return "it has neither a WITH CHECK nor a USING expression";
        case Command::Update:
            break;
    }
    // UPDATE: USING, and WITH CHECK where the policy has its own.
    std::string out;
    if (!has_tenant_using(p)) out = using_problem;
    if (p.has_with_check && !p.with_check_references_tenant_column) {
        if (!out.empty()) out += " and ";
        out += "its WITH CHECK expression does not reference " + col;
    }
    return out;
}

std::string alter_policy(const Table& t, const std::string& policy, Needs n) {
    const std::string pred = tenant_predicate(t.tenant_column);
    std::string s = "ALTER POLICY " + quote_identifier(policy) + " ON " +
                    qualified_name(t.schema, t.name);
    if (n.using_clause) s += " USING (" + pred + ")";
    if (n.check_clause) s += " WITH CHECK (" + pred + ")";
    return s + ";";
}

bool policy_name_taken(const Table& t, const std::string& name) {
    return std::any_of(t.policies.begin(), t.policies.end(),
                       [&](const Policy& p) { return p.name == name; });
}

// A policy name for a new policy that no existing policy of the table uses.
std::string fresh_policy_name(const Table& t, std::string base) {
    std::string name = base;
    for (int i = 2; policy_name_taken(t, name); ++i) name = base + "_" + std::to_string(i);
    return name;
}

std::string create_policy(const Table& t, std::optional<Command> c) {
    const std::string pred = tenant_predicate(t.tenant_column);
    std::string base = "tenant_isolation";
    if (c) base += "_" + lower_command(*c);
    std::string s = "CREATE POLICY " + quote_identifier(fresh_policy_name(t, base)) + " ON " +
                    qualified_name(t.schema, t.name);
    if (c) s += " FOR " + std::string(command_name(*c));
    const bool using_clause = !c || *c != Command::Insert;
    const bool check_clause = !c || *c == Command::Insert || *c == Command::Update;
    if (using_clause) s += " USING (" + pred + ")";
    if (check_clause) s += " WITH CHECK (" + pred + ")";
    return s + ";";
}

std::string enable_rls(const Table& t) {
    return "ALTER TABLE " + qualified_name(t.schema, t.name) + " ENABLE ROW LEVEL SECURITY;";
}

const Policy* find_policy(const Table& t, const std::string& name) {
    for (const Policy& p : t.policies)
        if (p.name == name) return &p;
    return nullptr;
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

std::string quote_identifier(std::string_view id) {
    bool safe = !id.empty() && ((id[0] >= 'a' && id[0] <= 'z') || id[0] == '_');
    for (char ch : id)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) safe = false;
    if (safe && std::binary_search(kQuotedKeywords.begin(), kQuotedKeywords.end(), id))
        safe = false;
    if (safe) return std::string(id);
    std::string out = "\"";
    for (char ch : id) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string qualified_name(std::string_view schema, std::string_view name) {
    return quote_identifier(schema) + "." + quote_identifier(name);
}

std::string tenant_predicate(std::string_view tenant_column) {
    return quote_identifier(tenant_column) + " = current_setting('app.organization_id')::uuid";
}

bool applies_to(const Policy& policy, Command command) {
    switch (policy.command) {
        case PolicyCommand::All: return true;
        case PolicyCommand::Select: return command == Command::Select;
        case PolicyCommand::Insert: return command == Command::Insert;
        case PolicyCommand::Update: return command == Command::Update;
        case PolicyCommand::Delete: return command == Command::Delete;
    }
    return false;
}

bool is_tenant_scoped(const Policy& policy, Command command) {
    switch (command) {
        case Command::Select:
        case Command::Delete: return has_tenant_using(policy);
        case Command::Insert: return has_tenant_check(policy);
        case Command::Update: return has_tenant_using(policy) && has_tenant_check(policy);
    }
    return false;
}

std::vector<Finding> check_table(const Table& table) {
    std::vector<Finding> findings;
    const std::string qualified = qualified_name(table.schema, table.name);
    if (!table.row_level_security) {
        findings.push_back({Rule::TenantTableWithoutRls, std::nullopt, "",
                            "row level security is not enabled on tenant table " + qualified,
                            enable_rls(table)});
    }
    for (Command c : kAllCommands) {
        bool any_permissive = false;
        bool restricted = false;  // a restrictive policy scopes every row of c to the tenant
        for (const Policy& p : table.policies) {
            if (!applies_to(p, c)) continue;
            if (p.permissive)
                any_permissive = true;
            else if (is_tenant_scoped(p, c))
                restricted = true;
        }
        if (!any_permissive) {
            findings.push_back({Rule::TenantTableMissingPolicy, c, "",
                                "tenant table " + qualified + " has no permissive policy for " +
                                    std::string(command_name(c)),
                                create_policy(table, c)});
            continue;
        }
        if (restricted) continue;
        for (const Policy& p : table.policies) {
            if (!p.permissive || !applies_to(p, c) || is_tenant_scoped(p, c)) continue;
            findings.push_back({Rule::PolicyNotTenantScoped, c, p.name,
                                "policy " + quote_identifier(p.name) + " on tenant table " +
                                    qualified + " is not tenant-scoped for " +
                                    std::string(command_name(c)) + ": " +
                                    why_not_scoped(p, c, table.tenant_column),
                                alter_policy(table, p.name, needs_for(p, c))});
        }
    }
    return findings;
}

std::optional<std::string> find_tenant_column(const std::vector<std::string>& columns,
                                              const std::vector<std::string>& tenant_columns) {
    for (const std::string& candidate : tenant_columns)
        if (std::find(columns.begin(), columns.end(), candidate) != columns.end()) return candidate;
    return std::nullopt;
}

bool is_exempt_schema(std::string_view schema, const std::vector<std::string>& configured) {
    for (std::string_view s : kBuiltinExemptSchemas)
        if (schema == s) return true;
    return std::find(configured.begin(), configured.end(), schema) != configured.end();
}

std::string detail_line(const Finding& finding) {
    return std::string(rule_name(finding.rule)) + ": " + finding.message;
}

std::vector<std::string> fix_statements(const Table& table, const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    std::vector<Command> missing;
    std::vector<std::pair<std::string, Needs>> alters;  // by policy, in order of first finding
    for (const Finding& f : findings) {
        switch (f.rule) {
            case Rule::TenantTableWithoutRls:
                out.push_back(enable_rls(table));
                break;
            case Rule::TenantTableMissingPolicy:
                if (f.command) missing.push_back(*f.command);
                break;
            case Rule::PolicyNotTenantScoped: {
                const Policy* p = find_policy(table, f.policy);
                if (!p || !f.command) break;
                Needs n = needs_for(*p, *f.command);
                auto it = std::find_if(alters.begin(), alters.end(),
                                       [&](const auto& a) { return a.first == f.policy; });
                if (it == alters.end()) {
                    alters.emplace_back(f.policy, n);
                } else {
                    it->second.using_clause |= n.using_clause;
                    it->second.check_clause |= n.check_clause;
                }
                break;
            }
        }
    }
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    if (missing.size() == std::size(kAllCommands)) {
        out.push_back(create_policy(table, std::nullopt));
    } else {
        for (Command c : missing) out.push_back(create_policy(table, c));
    }
    for (auto& [name, needs] : alters) {
        const Policy* p = find_policy(table, name);
        // Without its own WITH CHECK, a policy checks new rows with USING: fixing USING is enough.
        if (needs.using_clause && p && !p->has_with_check && p->has_using &&
            p->command != PolicyCommand::Insert)
            needs.check_clause = false;
        out.push_back(alter_policy(table, name, needs));
    }
    // Whole duplicates (the same statement twice) are dropped, order kept.
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& s : out)
        if (seen.insert(s).second) unique.push_back(std::move(s));
    return unique;
}

std::string summary_message(const std::vector<std::string>& qualified_tables) {
    if (qualified_tables.size() == 1)
        return "tenant table " + qualified_tables.front() + " is not isolated by row level security";
    return std::to_string(qualified_tables.size()) +
           " tenant tables are not isolated by row level security";
}

std::string hint_intro(bool lone_statement) {
    if (lone_statement)
        return "A tenant table must get row level security and its policies in the same "
               "transaction that creates or changes it: run the DDL and these statements "
               "together between BEGIN and COMMIT:";
    return "Add these statements to the transaction:";
}

}  // namespace tenant_guard::isolation
