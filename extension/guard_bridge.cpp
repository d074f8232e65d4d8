// The guard's bridge to core/: plain data in, malloc'd text out. This file must not see
// PostgreSQL (no ereport can skip the destructors here) and nothing here throws out.
#include "guard_bridge.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "isolation.h"
#include "isolation_report.h"

#ifdef PG_VERSION_NUM
#error "guard_bridge.cpp must not include PostgreSQL headers"
#endif

namespace iso = tenant_guard::isolation;

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

iso::Table to_table(const GuardTableFacts& f) {
    iso::Table t;
    t.schema = f.schema;
    t.name = f.name;
    t.tenant_column = f.tenant_column;
    t.row_level_security = f.row_level_security;
    for (int i = 0; i < f.npolicies; ++i) {
        const GuardPolicyFacts& p = f.policies[i];
        iso::Policy policy;
        policy.name = p.name;
        policy.command = policy_command(p.command);
        policy.permissive = p.permissive;
        policy.has_using = p.has_using;
        policy.using_references_tenant_column = p.using_references_tenant_column;
        policy.has_with_check = p.has_with_check;
        policy.with_check_references_tenant_column = p.with_check_references_tenant_column;
        t.policies.push_back(std::move(policy));
    }
    return t;
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

bool guard_evaluate(const GuardTableFacts* tables, int ntables, bool lone_statement,
                    GuardReport* report) noexcept {
    *report = GuardReport{};
    try {
        std::vector<std::string> failing, details, fixes;
        struct Row {
            int table;
            std::string table_name, rule, command, policy, message;
            bool has_command, has_policy;
        };
        std::vector<Row> rows;
        for (int i = 0; i < ntables; ++i) {
            const iso::Table t = to_table(tables[i]);
            const std::vector<iso::Finding> findings = iso::check_table(t);
            if (findings.empty()) continue;
            const std::string qualified = iso::qualified_name(t.schema, t.name);
            failing.push_back(qualified);
            for (const iso::Finding& f : findings) {
                details.push_back(iso::detail_line(f));
                rows.push_back({i, qualified, std::string(iso::rule_name(f.rule)),
                                f.command ? std::string(iso::command_name(*f.command)) : "",
                                f.policy, f.message, f.command.has_value(), !f.policy.empty()});
            }
            for (auto& s : iso::fix_statements(t, findings)) fixes.push_back(std::move(s));
        }
        if (rows.empty()) return true;
        report->findings = static_cast<GuardFinding*>(std::calloc(rows.size(), sizeof(GuardFinding)));
        if (!report->findings) throw std::bad_alloc();
        for (const Row& row : rows) {
            GuardFinding& f = report->findings[report->nfindings++];
            f.table = row.table;
            f.table_name = dup(row.table_name);
            f.rule = dup(row.rule);
            f.command = row.has_command ? dup(row.command) : nullptr;
            f.policy = row.has_policy ? dup(row.policy) : nullptr;
            f.message = dup(row.message);
        }
        report->message = dup(iso::summary_message(failing));
        report->detail = dup(join(details));
        report->hint = dup(iso::hint_intro(lone_statement) + "\n" + join(fixes));
        return true;
    } catch (...) {
        guard_report_free(report);
        return false;
    }
}

char* guard_render_report(const GuardTableFacts* tables, const GuardExemptionFacts* exemptions,
                          int ntables, const GuardKeyStateFacts* key_states, int nkey_states,
                          const char* source, const char* generated_at, bool html) noexcept {
    try {
        iso::ReportInput input;
        input.source = source;
        input.generated_at = generated_at;
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
    } catch (...) {
        return nullptr;
    }
}

bool guard_is_exempt_schema(const char* schema, const char* const* configured,
                            int nconfigured) noexcept {
    try {
        std::vector<std::string> list(configured, configured + nconfigured);
        return iso::is_exempt_schema(schema, list);
    } catch (...) {
        return false;
    }
}

int guard_find_tenant_column(const char* const* present, int npresent,
                             const char* const* tenant_columns, int ntenant_columns) noexcept {
    try {
        std::vector<std::string> columns(present, present + npresent);
        std::vector<std::string> candidates(tenant_columns, tenant_columns + ntenant_columns);
        std::optional<std::string> found = iso::find_tenant_column(columns, candidates);
        if (!found) return -1;
        for (int i = 0; i < ntenant_columns; ++i)
            if (*found == tenant_columns[i]) return i;
        return -1;
    } catch (...) {
        return -2;
    }
}
