#include <nlohmann/json.hpp>

#include <cctype>

#include "registry.h"
#include "reporters.h"
#include "version.h"

namespace tenant_guard::analyzer {

namespace {

using Json = nlohmann::ordered_json;

std::string sarif_level(Level level) { return level == Level::Error ? "error" : "warning"; }

// A relative path becomes a relative URI reference; an absolute one a file:// URI. Both
// percent-encode what a URI cannot hold. `tenant-guard audit` names its database
// postgresql://host:port/database: already a URI, whose colons stay.
std::string artifact_uri(const std::string& path) {
    const bool database = path.rfind("postgresql://", 0) == 0;
    std::string encoded;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || (database && c == ':'))
            encoded.push_back(static_cast<char>(c));
        else {
            static const char* hex = "0123456789ABCDEF";
            encoded += '%';
            encoded += hex[c >> 4];
            encoded += hex[c & 15];
        }
    }
    if (!path.empty() && path.front() == '/') return "file://" + encoded;
    if (encoded.rfind("./", 0) == 0) encoded = encoded.substr(2);
    return encoded;
}

Json result_object(const AnalysisResult& analysis, const Finding& finding, bool suppressed) {
    const SourceFile& file = analysis.facts.files[finding.location.file];
    LineColumn position = file.line_column(finding.location.offset);
    std::string text = finding.message;
    Json result;
    result["ruleId"] = rule_name(finding.rule);
    // The rules array below lists every rule in registry order.
    result["ruleIndex"] = index_of(finding.rule);
    result["level"] = sarif_level(finding.level);
    result["message"] = {{"text", text + (finding.hint.empty() ? "" : "\nHint: " + finding.hint.str())}};
    result["locations"] = Json::array({{{"physicalLocation",
                                         {{"artifactLocation", {{"uri", artifact_uri(file.path())}}},
                                          {"region", {{"startLine", position.line},
                                                      {"startColumn", position.column}}}}}}});
    Json properties;
    if (!finding.table.empty()) properties["table"] = finding.table.str();
    if (!finding.command.empty()) properties["command"] = finding.command.str();
    if (!finding.policy.empty()) properties["policy"] = finding.policy.str();
    if (!properties.empty()) result["properties"] = properties;
    if (suppressed)
        result["suppressions"] = Json::array({{{"kind", "inSource"}, {"justification", finding.suppression_reason.str()}}});
    return result;
}

}  // namespace

void write_sarif(const AnalysisResult& analysis, std::ostream& out) {
    Json rules = Json::array();
    for (const RuleInfo& rule : all_rules()) {
        rules.push_back({
            {"id", rule.name},
            {"name", rule.name},
            {"shortDescription", {{"text", rule.summary}}},
            {"fullDescription", {{"text", rule.summary}}},
            {"help",
             {{"text", rule.definition.explanation},
              {"markdown", "```\n" + std::string(rule.definition.explanation) + "\n```"}}},
            {"defaultConfiguration", {{"level", sarif_level(rule.level)}}},
            {"properties", {{"tags", Json::array({"security", "postgresql"})}}},
        });
    }
    Json run;
    run["tool"] = {{"driver",
                    {{"name", "tenant-guard"},
                     {"version", kTenantGuardVersion},
                     {"semanticVersion", kTenantGuardVersion},
                     {"rules", rules}}}};
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = Json::array();
    Json document;
    document["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    document["version"] = "2.1.0";
    document["runs"] = Json::array({run});
    const std::string frame = document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

    // The results are written one at a time where the frame holds their empty array, each laid
    // out as dump(2) lays out an element at that depth: one document of a history's 200,000
    // results took 1.6 GB. (A string value cannot hold this text: its quotes would be escaped.)
    const std::string results_key = "\"results\": ";
    const std::string empty_results = results_key + "[]";
    const size_t at = frame.find(empty_results);
    const size_t line_start = frame.rfind('\n', at) + 1;
    const std::string indent(at - line_start, ' ');
    const std::string element_indent = indent + "  ";
    out.write(frame.data(), static_cast<std::streamsize>(at + results_key.size()));
    bool first = true;
    auto write_result = [&](const Finding& finding, bool suppressed) {
        const std::string element = result_object(analysis, finding, suppressed)
                                        .dump(2, ' ', false, Json::error_handler_t::replace);
        out << (first ? "[\n" : ",\n") << element_indent;
        first = false;
        size_t from = 0;
        for (size_t newline = element.find('\n'); newline != std::string::npos;
             from = newline + 1, newline = element.find('\n', from)) {
            out.write(element.data() + from, static_cast<std::streamsize>(newline + 1 - from));
            out << element_indent;
        }
        out.write(element.data() + from, static_cast<std::streamsize>(element.size() - from));
    };
    for (const Finding& finding : analysis.findings) write_result(finding, false);
    for (const Finding& finding : analysis.suppressed) write_result(finding, true);
    out << (first ? "[]" : "\n" + indent + "]");
    out.write(frame.data() + at + empty_results.size(),
              static_cast<std::streamsize>(frame.size() - at - empty_results.size()));
}

}  // namespace tenant_guard::analyzer
