#include "live_audit.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

#include "analysis.h"
#include "catalog_session.h"
#include "isolation.h"
#include "isolation_findings.h"
#include "live_catalog.h"
#include "registry.h"
#include "reporters.h"

namespace tenant_guard::analyzer {
namespace v2 = isolation::v2;

namespace {

// A judged relation's line in the synthetic file: what the reader needs to place a finding.
std::string describe(const v2::Table& table) {
    const std::string name = isolation::qualified_name(table.schema, table.name);
    std::string line;
    if (table.tenant_column.empty()) {
        line = "inheritance parent " + name + " of";
        for (const std::string& descendant : table.tenant_descendants) line += " " + descendant;
    } else {
        line = "table " + name + ": tenant column " + table.tenant_column + " (" + table.tenant_column_type + ")";
    }
    line += std::string(", row level security ") + (table.row_level_security ? "on" : "off") +
            (table.force_row_level_security ? " (forced)" : "") + ", owner " + table.owner + ", " +
            std::to_string(table.policies.size()) + (table.policies.size() == 1 ? " policy" : " policies");
    return line;
}

std::string describe(const v2::View& view) {
    std::string line = std::string(view.materialized ? "materialized view " : "view ") +
                       isolation::qualified_name(view.schema, view.name) +
                       (view.security_invoker ? " (security_invoker)" : "") + ", reads";
    for (const std::string& read : view.reads) line += " " + read;
    return line;
}

// Collects core/'s findings, each on its relation's line of the synthetic file.
class FindingSink {
public:
    FindingSink(const Config& config, AnalysisResult& result) : config_(config), result_(result) {}

    void add(const std::string& relation, const std::string& line, const std::vector<v2::Finding>& decided) {
        for (const v2::Finding& finding : decided) {
            std::optional<RuleId> id = find_rule(v2::rule_name(finding.rule));
            if (!id) continue;
            Level level = rule_info(*id).level;
            if (auto configured = config_.rule_levels.find(*id); configured != config_.rule_levels.end())
                level = configured->second;
            if (level == Level::Off) continue;
            Finding out;
            out.rule = *id;
            out.level = level;
            out.location = {0, offset_of(line)};
            out.message = finding.message;
            out.hint = finding.hint;
            out.table = relation;
            if (finding.command) out.command = std::string(isolation::command_name(*finding.command));
            if (!finding.policy.empty()) out.policy = finding.policy;
            result_.findings.push_back(std::move(out));
        }
    }

    std::string text() const { return listing_; }

private:
    uint32_t offset_of(const std::string& line) {
        auto found = lines_.find(line);
        if (found != lines_.end()) return found->second;
        const uint32_t offset = static_cast<uint32_t>(listing_.size());
        listing_ += line + "\n";
        lines_[line] = offset;
        return offset;
    }

    const Config& config_;
    AnalysisResult& result_;
    std::string listing_;
    std::map<std::string, uint32_t> lines_;
};

AnalysisResult judge(const LiveSchema& schema, const Config& config, const std::string& location) {
    AnalysisResult result;
    const v2::RoleCatalog roles(schema.roles);
    const v2::RuleSettings settings = rule_settings(config);
    std::vector<v2::Table> tenant;  // what hints may learn the schema's binding from
    for (const isolation::ReportedTable& reported : schema.tenant_tables)
        if (!reported.exemption) tenant.push_back(reported.table);

    FindingSink sink(config, result);
    std::vector<const v2::Table*> judged;
    for (const v2::Table& table : tenant) judged.push_back(&table);
    for (const v2::Table& parent : schema.parents) judged.push_back(&parent);
    std::sort(judged.begin(), judged.end(), [](const v2::Table* a, const v2::Table* b) {
        return std::tie(a->schema, a->name) < std::tie(b->schema, b->name);
    });
    for (const v2::Table* table : judged)
        sink.add(isolation::qualified_name(table->schema, table->name), describe(*table),
                 v2::check_table(*table, roles, settings, tenant));
    for (const v2::View& view : schema.views)
        if (auto finding = v2::check_view(view, schema.views, schema.judged_tenant_names))
            sink.add(isolation::qualified_name(view.schema, view.name), describe(view), {*finding});
    result.facts.files.emplace_back(location, sink.text());
    return result;
}

isolation::ReportInput evidence(const LiveSchema& schema, const Config& config) {
    isolation::ReportInput input;
    input.source = "database " + schema.database + " (tenant-guard audit)";
    input.generated_at = schema.generated_at;
    input.tables = schema.tenant_tables;
    input.roles = v2::RoleCatalog(schema.roles);
    input.settings = rule_settings(config);
    input.owners_known = true;
    input.caveats = schema.caveats;
    input.org_keys = schema.org_keys;
    input.omit_org_keys = !schema.org_keys;
    return input;
}

}  // namespace

int run_audit(const AuditOptions& options, const Config& config, bool colour) {
    LiveSchema schema;
    std::string location;
    try {
        CatalogSession session(options.conninfo);
        location = session.location();
        schema = read_live_schema(session, config);
    } catch (const CatalogError& error) {
        std::cerr << "tenant-guard: " << error.what() << "\n";
        return 2;
    }
    for (const std::string& caveat : schema.caveats) std::cerr << "tenant-guard: warning: " << caveat << "\n";
    if (schema.tenant_tables.empty()) {
        std::string columns;
        for (const std::string& column : config.tenant_columns) columns += (columns.empty() ? "" : ", ") + column;
        std::cerr << "tenant-guard: warning: no table of database " << schema.database << " has a tenant column ("
                  << columns << "): no isolation rule applies. Tenant column names are exact: "
                     "--tenant-column organizationId for Prisma's camelCase\n";
    }

    const AnalysisResult result = judge(schema, config, location);
    std::ostringstream text;
    if (options.format == "json") write_json(result, text);
    else if (options.format == "sarif") write_sarif(result, text);
    else if (options.format == "markdown") text << isolation::render_markdown(evidence(schema, config));
    else if (options.format == "html") text << isolation::render_html(evidence(schema, config));
    else write_text(result, text, colour && options.output.empty());

    if (options.output.empty()) {
        std::cout << text.str();
        std::cout.flush();
    } else {
        std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
        out << text.str();
        out.close();
        if (!out) {
            std::cerr << "tenant-guard: cannot write " << options.output << "\n";
            return 2;
        }
    }
    if (options.fail_on == "never") return 0;
    const Level threshold = options.fail_on == "warning" ? Level::Warning : Level::Error;
    for (const Finding& finding : result.findings)
        if (finding.level >= threshold) return 1;
    return 0;
}

}  // namespace tenant_guard::analyzer
