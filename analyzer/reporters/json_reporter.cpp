#include <nlohmann/json.hpp>

#include "reporters.h"

namespace tenant_guard::analyzer {

namespace {

nlohmann::json nullable(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json finding_object(const AnalysisResult& result, const Finding& finding, bool suppressed) {
    const SourceFile& file = result.facts.files[finding.location.file];
    LineColumn position = file.line_column(finding.location.offset);
    nlohmann::json object{
        {"rule", finding.rule},
        {"level", level_name(finding.level)},
        {"path", file.path()},
        {"line", position.line},
        {"column", position.column},
        {"message", finding.message},
        {"hint", finding.hint},
        {"table", finding.table.empty() ? nlohmann::json(nullptr) : nlohmann::json(finding.table)},
        {"command", nullable(finding.command)},
        {"policy", nullable(finding.policy)},
    };
    if (suppressed) object["reason"] = finding.suppression_reason;
    return object;
}

}  // namespace

void write_json(const AnalysisResult& result, std::ostream& out) {
    // nlohmann::ordered_json keeps the documented key order.
    nlohmann::ordered_json document;
    document["version"] = 1;
    document["findings"] = nlohmann::ordered_json::array();
    document["suppressed"] = nlohmann::ordered_json::array();
    auto ordered = [](const nlohmann::json& object) {
        nlohmann::ordered_json copy;
        for (const char* key : {"rule", "level", "path", "line", "column", "message", "hint", "table", "command",
                                "policy", "reason"})
            if (object.contains(key)) copy[key] = object[key];
        return copy;
    };
    for (const Finding& finding : result.findings)
        document["findings"].push_back(ordered(finding_object(result, finding, false)));
    for (const Finding& finding : result.suppressed)
        document["suppressed"].push_back(ordered(finding_object(result, finding, true)));
    // Invalid UTF-8 in a message or path is replaced rather than aborting the report.
    out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace tenant_guard::analyzer
