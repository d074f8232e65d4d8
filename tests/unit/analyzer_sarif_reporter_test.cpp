// The SARIF reporter writes its results one at a time into the document's frame; the report
// must stay byte for byte nlohmann's dump(2) of the whole document, which it was before (and
// golden files hold): reading it back and dumping it again gives the same text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "analysis.h"
#include "reporters.h"

using namespace tenant_guard::analyzer;

namespace {

std::string sarif(const AnalysisResult& result) {
    std::ostringstream out;
    write_sarif(result, out);
    return out.str();
}

std::string dumped_again(const std::string& report) {
    return nlohmann::ordered_json::parse(report).dump(2, ' ', false) + "\n";
}

}  // namespace

TEST(SarifReporter, NoResultsIsAnEmptyArray) {
    AnalysisResult result = analyse_texts({{"m.sql", "SELECT 1;"}});
    const std::string report = sarif(result);
    EXPECT_NE(report.find("\"results\": []"), std::string::npos);
    EXPECT_EQ(report, dumped_again(report));
}

TEST(SarifReporter, ResultsAreLaidOutAsOneDocument) {
    AnalysisResult result = analyse_texts({{"dir/\"odd\".sql", "SELECT 1;\nSELECT 2;\n"}});
    const std::vector<std::string> texts{"plain", "quote \" and \\ and\nnew line", "caf\xc3\xa9 \"results\": []"};
    for (size_t i = 0; i < texts.size(); ++i) {
        Finding finding;
        finding.rule = i % 2 ? RuleId::SyntaxError : RuleId::UnapprovedDestructiveChange;
        finding.level = i % 2 ? Level::Warning : Level::Error;
        finding.location = {0, static_cast<uint32_t>(i * 3)};
        finding.message = texts[i];
        finding.hint = texts[texts.size() - 1 - i];
        if (i % 2) finding.table = texts[i];
        if (i != 1) finding.command = "SELECT";
        finding.suppression_reason = texts[i];
        result.findings.push_back(finding);
        result.suppressed.push_back(finding);
    }
    const std::string report = sarif(result);
    EXPECT_EQ(report, dumped_again(report));
    const nlohmann::ordered_json document = nlohmann::ordered_json::parse(report);
    ASSERT_EQ(document["runs"][0]["results"].size(), 6u);
    EXPECT_EQ(document["runs"][0]["results"][2]["message"]["text"], texts[2] + "\nHint: " + texts[0]);
    EXPECT_TRUE(document["runs"][0]["results"][5].contains("suppressions"));
}
