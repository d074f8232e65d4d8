// The idioms of extension/, checked on its sources so that a new file cannot quietly bring back a
// variant: entry points declared with TG_SQL_FUNCTION (sql_function.h), C++ exceptions caught
// only where PostgreSQL is not included (run_cpp in boundary.h and the bridges), internal SQL
// only through internal_sql.h.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Source {
    std::string name;
    std::string text;
};

std::vector<Source> extension_sources() {
    std::vector<Source> sources;
    for (const auto& entry : fs::directory_iterator(fs::path(TENANT_GUARD_SOURCE_DIR) / "extension")) {
        const std::string extension = entry.path().extension().string();
        if (extension != ".cpp" && extension != ".h") continue;
        std::ifstream in(entry.path());
        std::ostringstream text;
        text << in.rdbuf();
        sources.push_back({entry.path().filename().string(), text.str()});
    }
    return sources;
}

bool contains(const std::string& text, const std::string& pattern) {
    return std::regex_search(text, std::regex(pattern));
}

}  // namespace

TEST(ExtensionIdioms, EveryEntryPointIsDeclaredWithTheOneMacro) {
    int entry_points = 0;
    for (const Source& source : extension_sources()) {
        if (source.name != "sql_function.h") {
            EXPECT_FALSE(contains(source.text, R"(PG_FUNCTION_INFO_V1\s*\()"))
                << source.name << ": declare entry points with TG_SQL_FUNCTION";
        }
        const std::regex definition(R"(\bDatum\s+(tg_\w+)\s*\(\s*PG_FUNCTION_ARGS\s*\))");
        for (std::sregex_iterator it(source.text.begin(), source.text.end(), definition), end; it != end; ++it) {
            ++entry_points;
            EXPECT_TRUE(contains(source.text, "TG_SQL_FUNCTION\\(" + (*it)[1].str() + "\\)"))
                << source.name << ": " << (*it)[1] << " is not declared with TG_SQL_FUNCTION";
        }
    }
    EXPECT_GE(entry_points, 17) << "the entry points were not found: has the idiom changed?";
}

TEST(ExtensionIdioms, ExceptionsAreCaughtOnlyWherePostgresqlIsNotIncluded) {
    for (const Source& source : extension_sources()) {
        if (!contains(source.text, R"(\bcatch\s*\()")) continue;
        EXPECT_TRUE(source.name == "boundary.h" || source.name == "key_ring.cpp" || source.name == "guard_bridge.cpp")
            << source.name << ": C++ work belongs behind run_cpp (boundary.h), in a file without PostgreSQL";
        EXPECT_FALSE(contains(source.text, R"(#include\s+"(postgres|pg_headers|sql_function)\.h")"))
            << source.name << " catches C++ exceptions and includes PostgreSQL";
    }
}

TEST(ExtensionIdioms, InternalSqlGoesThroughOneHelper) {
    for (const Source& source : extension_sources()) {
        if (source.name == "internal_sql.cpp") continue;
        EXPECT_FALSE(contains(source.text, R"(\bSPI_connect\s*\()")) << source.name << ": use begin_internal_sql";
        EXPECT_FALSE(contains(source.text, R"(\bNewGUCNestLevel\s*\()")) << source.name << ": use begin_internal_sql";
        EXPECT_FALSE(contains(source.text, R"(\bset_config_option\s*\()")) << source.name << ": use begin_internal_sql";
    }
}
