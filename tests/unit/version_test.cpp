// The version lives in VERSION alone. The files that must spell it out (PostgreSQL reads the
// control file, PGXN META.json, dpkg debian/changelog, CREATE EXTENSION the script's name)
// are checked here, so that a release that bumps one and forgets another fails loudly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "version.h"

namespace {

const std::filesystem::path kSource = TENANT_GUARD_SOURCE_DIR;

std::string read(const std::filesystem::path& relative) {
    std::ifstream in(kSource / relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string version() {
    std::string line = read("VERSION");
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

// The first submatch of pattern in file, or "" when it does not match.
std::string spelled(const std::filesystem::path& file, const std::string& pattern) {
    std::smatch match;
    const std::string text = read(file);
    return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

}  // namespace

TEST(Version, IsOneSemanticVersionLine) {
    EXPECT_TRUE(std::regex_match(read("VERSION"), std::regex(R"(\d+\.\d+\.\d+\n)")))
        << "VERSION must hold MAJOR.MINOR.PATCH and a newline, nothing else";
}

TEST(Version, TheCliSaysIt) { EXPECT_EQ(tenant_guard::analyzer::kTenantGuardVersion, version()); }

TEST(Version, TheControlFileSpellsIt) {
    EXPECT_EQ(spelled("tenant_guard.control", R"(default_version\s*=\s*'([^']*)')"), version());
}

TEST(Version, MetaJsonSpellsIt) {
    EXPECT_EQ(spelled("META.json", R"re(^\s*\{[^{]*?"version"\s*:\s*"([^"]*)")re"), version()) << "release version";
    EXPECT_EQ(spelled("META.json", R"re("tenant_guard"\s*:\s*\{[^}]*"version"\s*:\s*"([^"]*)")re"), version())
        << "provides.tenant_guard.version";
}

TEST(Version, DebianChangelogSpellsIt) {
    EXPECT_EQ(spelled("debian/changelog", R"(^tenant-guard \(([^-)]*)-)"), version())
        << "the newest entry of debian/changelog";
}

TEST(Version, TheInstallScriptIsNamedForIt) {
    EXPECT_TRUE(std::filesystem::is_regular_file(kSource / "sql" / ("tenant_guard--" + version() + ".sql")))
        << "sql/tenant_guard--" << version() << ".sql is missing";
    EXPECT_EQ(spelled("sql/tenant_guard--" + version() + ".sql", R"(^-- tenant_guard (\S+):)"), version());
}

TEST(Version, TheManPageSpellsIt) {
    EXPECT_EQ(spelled("docs/tenant-guard.1", R"re(^\.TH TENANT-GUARD 1 "[^"]*" "tenant-guard ([^"]*)")re"), version());
}
