// Suppression comments and the config file: the two inputs a user writes by hand.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "analysis.h"
#include "config.h"
#include "suppression.h"

using namespace tenant_guard::analyzer;

namespace {

std::vector<Suppression> parse(const std::string& text) {
    return parse_suppressions(text, 0, static_cast<uint32_t>(text.size()));
}

std::string write_temporary(const std::string& contents) {
    char name[] = "/tmp/tenant-guard-config-XXXXXX";
    int descriptor = mkstemp(name);
    if (descriptor < 0) throw std::runtime_error("mkstemp");
    close(descriptor);
    std::ofstream(name) << contents;
    return name;
}

}  // namespace

TEST(Suppression, RulesAreACommaListAndTheRestIsTheReason) {
    auto found = parse("-- tenant-guard: ignore unapproved-destructive-change, plaintext-secret-column  legacy, unread\n");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rules,
              (std::vector<RuleId>{RuleId::UnapprovedDestructiveChange, RuleId::PlaintextSecretColumn}));
    EXPECT_EQ(found[0].reason, "legacy, unread");
    EXPECT_TRUE(found[0].problem.empty());
}

TEST(Suppression, MissingReasonUnknownRuleAndOtherVerbsAreProblems) {
    EXPECT_FALSE(parse("-- tenant-guard: ignore syntax-error\n")[0].problem.empty());
    EXPECT_FALSE(parse("-- tenant-guard: ignore nope because\n")[0].problem.empty());
    EXPECT_FALSE(parse("-- tenant-guard: allow syntax-error because\n")[0].problem.empty());
    EXPECT_FALSE(parse("-- tenant-guard: ignore\n")[0].problem.empty());
}

TEST(Suppression, OnlyCommentsOnTheirOwnLineCount) {
    std::string text = "SELECT 1; -- tenant-guard: ignore syntax-error trailing\n  -- unrelated\n";
    // The region after the first statement's semicolon starts mid-line.
    auto found = parse_suppressions(text, 9, static_cast<uint32_t>(text.size()));
    EXPECT_TRUE(found.empty());
    EXPECT_TRUE(parse("-- plain comment mentioning tenant-guard: nothing\n").empty());
}

TEST(Config, ReadsEveryKey) {
    std::string path = write_temporary(
        "tenant_columns = [\"account_id\"]\nexempt_schemas = [\"audit\"]\n"
        "secret_name_patterns = [\"pin\"]\nsecret_name_exclusions = [\"_hint$\"]\n"
        "[rules]\nplaintext-secret-column = \"error\"\nsyntax-error = \"off\"\n");
    Config config = load_config(path);
    std::remove(path.c_str());
    EXPECT_EQ(config.tenant_columns, (std::vector<std::string>{"account_id"}));
    EXPECT_EQ(config.exempt_schemas, (std::vector<std::string>{"audit"}));
    EXPECT_EQ(config.secret_name_patterns, (std::vector<std::string>{"pin"}));
    EXPECT_EQ(config.rule_levels.at(RuleId::PlaintextSecretColumn), Level::Error);
    EXPECT_EQ(config.rule_levels.at(RuleId::SyntaxError), Level::Off);
}

TEST(Config, SecretNamePatternsSeeTheNameAsSnakeCaseWords) {
    Config config;
    config.secret_name_patterns = {"(^|_)pin$"};
    config.secret_name_exclusions = {"^legacy_"};
    AnalysisResult result = analyse_texts(
        {{"m.sql", "CREATE TABLE cards (\"recoveryPin\" text, pin text, pin_hint text, \"legacyPin\" text, spin text);"}},
        config);
    std::vector<std::string> messages;
    for (const Finding& finding : result.findings)
        if (finding.rule == RuleId::PlaintextSecretColumn) messages.push_back(finding.message);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_NE(messages[0].find("cards.recoveryPin "), std::string::npos) << messages[0];
    EXPECT_NE(messages[1].find("cards.pin "), std::string::npos) << messages[1];
}

TEST(Config, MistakesAreErrorsNotSilence) {
    for (const char* bad : {"tenant_column = [\"x\"]\n", "tenant_columns = \"x\"\n", "tenant_columns = []\n",
                            "[rules]\nunknown-rule = \"error\"\n", "[rules]\nsyntax-error = \"loud\"\n",
                            "secret_name_patterns = [\"(\"]\n", "this is not toml\n"}) {
        std::string path = write_temporary(bad);
        EXPECT_THROW(load_config(path), std::runtime_error) << bad;
        std::remove(path.c_str());
    }
}

// Suppression comments and psql variables are read while a file is parsed: a report that
// releases the files' text once they are checked (every format but text) says the same.
TEST(Suppression, ReadWhileParsingSoThatTheTextMayBeReleased) {
    const std::vector<std::pair<std::string, std::string>> files{
        {"1.sql", "CREATE TABLE t (id int, organization_id uuid, api_token text);\n"
                  "-- tenant-guard: ignore no-such-rule why\n"
                  "CREATE TABLE u (id int, organization_id uuid, api_token text);\n"},
        {"2.sql", "-- é\nSELECT :'x';\n"
                  "-- tenant-guard: ignore unapproved-destructive-change replaced below\n"
                  "DROP TABLE t;\n"
                  "  DROP TABLE u;\n"},
    };
    auto run = [&](bool keep_source_text) {
        AnalysisOptions options;
        options.keep_source_text = keep_source_text;
        return analyse_texts(files, options);
    };
    auto describe = [](const AnalysisResult& result) {
        std::vector<std::string> lines;
        for (const auto* list : {&result.findings, &result.suppressed})
            for (const Finding& finding : *list) {
                const SourceFile& file = result.facts.files[finding.location.file];
                LineColumn position = file.line_column(finding.location.offset);
                lines.push_back(file.path() + ":" + std::to_string(position.line) + ":" +
                                std::to_string(position.column) + " " + std::string(rule_name(finding.rule)) + " " +
                                finding.message + " / " + finding.suppression_reason.str());
            }
        return lines;
    };
    const AnalysisResult kept = run(true), released = run(false);
    EXPECT_TRUE(kept.facts.files[0].holds_text());
    EXPECT_FALSE(released.facts.files[0].holds_text());
    EXPECT_FALSE(released.facts.files[1].holds_text());
    ASSERT_EQ(released.suppressed.size(), 1u);
    EXPECT_EQ(released.suppressed[0].suppression_reason, "replaced below");
    const std::vector<std::string> described = describe(released);
    EXPECT_EQ(described, describe(kept));
    auto mentions = [&](const std::string& part) {
        return std::any_of(described.begin(), described.end(),
                           [&](const std::string& line) { return line.find(part) != std::string::npos; });
    };
    EXPECT_TRUE(mentions("invalid-suppression")) << "the comment naming no known rule";
    EXPECT_TRUE(mentions("psql variable :'x'"));
    EXPECT_TRUE(mentions("2.sql:5:3 unapproved-destructive-change"));
}
