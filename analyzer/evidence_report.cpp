#include "evidence_report.h"

#include "isolation_findings.h"
#include "source_file.h"

namespace tenant_guard::analyzer {

isolation::ReportInput evidence_report(const AnalysisResult& result, const Config& config,
                                       std::string source, std::string generated_at) {
    isolation::ReportInput report;
    report.source = std::move(source);
    report.generated_at = std::move(generated_at);
    report.roles = role_catalog(result.model);
    report.settings = rule_settings(config);
    result.model.for_each_relation([&](const Relation& relation) {
        std::optional<isolation::v2::Table> table = tenant_table(relation, config);
        if (!table) return;
        isolation::ReportedTable reported{std::move(*table), std::nullopt};
        if (relation.exemption) {
            const Location& granted = relation.exemption->granted.location;
            const SourceFile& file = result.facts.files[granted.file];
            reported.exemption = isolation::Exemption{
                relation.exemption->reason,
                file.path() + ":" + std::to_string(file.line_column(granted.offset).line), ""};
        }
        report.tables.push_back(std::move(reported));
    });
    for (const Finding& finding : result.findings) {
        if (finding.rule != RuleId::UnverifiableDynamicSql && finding.rule != RuleId::SyntaxError) continue;
        const SourceFile& file = result.facts.files[finding.location.file];
        report.caveats.push_back(file.path() + ":" + std::to_string(file.line_column(finding.location.offset).line) +
                                 ": " + finding.message + " (the matrix does not include its effects)");
    }
    return report;
}

}  // namespace tenant_guard::analyzer
