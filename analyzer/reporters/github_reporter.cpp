#include "reporters.h"

namespace tenant_guard::analyzer {

namespace {

// Workflow command escaping: data escapes %, CR, LF; properties also ':' and ','.
std::string escape_data(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '%') escaped += "%25";
        else if (c == '\r') escaped += "%0D";
        else if (c == '\n') escaped += "%0A";
        else escaped.push_back(c);
    }
    return escaped;
}

std::string escape_property(const std::string& text) {
    std::string escaped;
    for (char c : escape_data(text)) {
        if (c == ':') escaped += "%3A";
        else if (c == ',') escaped += "%2C";
        else escaped.push_back(c);
    }
    return escaped;
}

}  // namespace

void write_github(const AnalysisResult& result, std::ostream& out) {
    for (const Finding& finding : result.findings) {
        const SourceFile& file = result.facts.files[finding.location.file];
        LineColumn position = file.line_column(finding.location.offset);
        out << "::" << (finding.level == Level::Error ? "error" : "warning") << " file=" << escape_property(file.path())
            << ",line=" << position.line << ",col=" << position.column << ",title=" << escape_property(std::string(rule_name(finding.rule)))
            << "::" << escape_data(finding.message + (finding.hint.empty() ? "" : "\nhint: " + finding.hint.str())) << "\n";
    }
}

}  // namespace tenant_guard::analyzer
