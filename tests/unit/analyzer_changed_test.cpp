// --changed: the findings a changed file causes, including those of the whole history's
// commits that its statements touch; the rest is dropped as it is made.
#include <gtest/gtest.h>

#include "analysis.h"
#include "changed_files.h"

using namespace tenant_guard::analyzer;

namespace {

AnalysisResult check_changed(const std::vector<std::pair<std::string, std::string>>& files,
                             const std::vector<std::string>& changed) {
    AnalysisOptions options;
    options.changed = changed;
    return analyse_texts(files, options);
}

std::vector<std::string> described(const AnalysisResult& result) {
    std::vector<std::string> lines;
    for (const Finding& finding : result.findings) {
        const SourceFile& file = result.facts.files[finding.location.file];
        lines.push_back(file.path() + ":" + std::to_string(file.line_column(finding.location.offset).line) + " " +
                        std::string(rule_name(finding.rule)));
    }
    return lines;
}

const std::vector<std::pair<std::string, std::string>> kHistory{
    {"changed_test_1.sql", "CREATE TABLE public.t (id int, organization_id uuid, api_token text);\n"},
    {"changed_test_2.sql", "SELECT 1;\nALTER TABLE public.t ADD COLUMN note text;\n"},
    {"changed_test_3.sql", "CREATE TABLE public.u (id int, organization_id uuid);\n"},
};

}  // namespace

TEST(Changed, AnIsolationFindingGoesWhereAChangedFileTouchedItsTable) {
    const AnalysisResult result = check_changed(kHistory, {"changed_test_2.sql"});
    EXPECT_TRUE(result.errors.empty());
    EXPECT_EQ(described(result), (std::vector<std::string>{"changed_test_2.sql:2 tenant-table-without-rls"}));
}

TEST(Changed, AChangedFileShowsWhatIsInIt) {
    const AnalysisResult result = check_changed(kHistory, {"changed_test_1.sql"});
    const std::vector<std::string> lines = described(result);
    EXPECT_EQ(lines, (std::vector<std::string>{"changed_test_1.sql:1 tenant-table-without-rls",
                                               "changed_test_1.sql:1 plaintext-secret-column"}));
}

TEST(Changed, APathThatNamesNoCheckedFileIsAnError) {
    const AnalysisResult result = check_changed(kHistory, {"changed_test_9.sql", "changed_test_3.sql"});
    EXPECT_EQ(result.errors, (std::vector<std::string>{"--changed changed_test_9.sql is not among the checked files"}));
    EXPECT_EQ(described(result), (std::vector<std::string>{"changed_test_3.sql:1 tenant-table-without-rls"}));
}

TEST(ChangedFiles, KnowsAFileByItsPath) {
    SourceFiles files;
    files.emplace_back("changed_test_1.sql", "");
    files.emplace_back("changed_test_2.sql", "");
    ChangedFiles changed({"changed_test_1.sql"}, files);
    EXPECT_TRUE(changed.contains(0));
    EXPECT_FALSE(changed.contains(1));
    EXPECT_TRUE(changed.unmatched().empty());
}
