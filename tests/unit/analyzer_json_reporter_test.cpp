// The JSON reporter writes its report directly; it must stay byte for byte what nlohmann's
// dump(2) of the same document gives, which the report was before (and golden files hold).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "analysis.h"
#include "reporters.h"

using namespace tenant_guard::analyzer;

namespace {

nlohmann::ordered_json as_nlohmann(const AnalysisResult& result, const Finding& finding, bool suppressed) {
    const SourceFile& file = result.facts.files[finding.location.file];
    LineColumn position = file.line_column(finding.location.offset);
    auto nullable = [](const SharedText& value) {
        return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value.str());
    };
    nlohmann::ordered_json object;
    object["rule"] = rule_name(finding.rule);
    object["level"] = level_name(finding.level);
    object["path"] = file.path();
    object["line"] = position.line;
    object["column"] = position.column;
    object["message"] = finding.message;
    object["hint"] = finding.hint.str();
    object["table"] = finding.table.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(finding.table.str());
    object["command"] = nullable(finding.command);
    object["policy"] = nullable(finding.policy);
    if (suppressed) object["reason"] = finding.suppression_reason.str();
    return object;
}

std::string nlohmann_report(const AnalysisResult& result) {
    nlohmann::ordered_json document;
    document["version"] = 1;
    document["findings"] = nlohmann::ordered_json::array();
    document["suppressed"] = nlohmann::ordered_json::array();
    for (const Finding& finding : result.findings) document["findings"].push_back(as_nlohmann(result, finding, false));
    for (const Finding& finding : result.suppressed)
        document["suppressed"].push_back(as_nlohmann(result, finding, true));
    return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string report(const AnalysisResult& result) {
    std::ostringstream out;
    write_json(result, out);
    return out.str();
}

}  // namespace

TEST(JsonReporter, EmptyReportMatchesNlohmann) {
    AnalysisResult result = analyse_texts({{"m.sql", "SELECT 1;"}});
    ASSERT_TRUE(result.findings.empty());
    EXPECT_EQ(report(result), nlohmann_report(result));
}

TEST(JsonReporter, EscapesLikeNlohmann) {
    AnalysisResult result = analyse_texts({{"dir/\"odd\\name\".sql", "SELECT 1;\nSELECT 2;\n"}});
    const std::vector<std::string> texts{
        "",
        "quote \" backslash \\ slash /",
        std::string("controls \b\f\n\r\t \x01\x1f\x7f and a NUL: ") + '\0' + ".",
        "UTF-8: caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x90\x98",
        "invalid: \xff, truncated \xe2\x82, overlong \xc0\x80, surrogate \xed\xa0\x80, too high \xf4\x90\x80\x80",
        "a lone continuation \x80 and a lead at the end \xc3",
        "escaped \"first\"\tthen caf\xc3\xa9, then invalid \xfe",
    };
    for (size_t i = 0; i < texts.size(); ++i) {
        Finding finding;
        finding.rule = RuleId::SyntaxError;
        finding.level = i % 2 ? Level::Warning : Level::Error;
        finding.location = {0, static_cast<uint32_t>(i * 3)};
        finding.message = texts[i];
        finding.hint = texts[texts.size() - 1 - i];
        if (i % 2) finding.table = texts[i];
        if (i % 3) finding.command = texts[i];
        if (i % 3 == 1) finding.policy = texts[i];
        finding.suppression_reason = texts[i];
        result.findings.push_back(finding);
        result.suppressed.push_back(finding);
    }
    EXPECT_EQ(report(result), nlohmann_report(result));
}
