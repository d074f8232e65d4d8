// The guess that a statement an older grammar rejects is a newer PostgreSQL's syntax. The
// error positions are where PostgreSQL 15's parser stops (the golden cases check them against
// the real parser); here the guess alone, for every grammar a build may have.
#include <gtest/gtest.h>

#include <string>

#include "newer_grammar.h"

using namespace tenant_guard::analyzer;

namespace {

// The statement's grammar as seen by a build of grammar that stopped at the first occurrence
// of at.
int needed(const std::string& statement, const std::string& at, int grammar) {
    size_t offset = statement.find(at);
    EXPECT_NE(offset, std::string::npos) << at;
    return newer_grammar_needed(statement, 0, static_cast<uint32_t>(offset), grammar);
}

}  // namespace

TEST(NewerGrammar, AKeywordOfANewerGrammarWhereTheParserStopped) {
    const std::string is_json = "SELECT '{}' IS JSON;";
    EXPECT_EQ(needed(is_json, "JSON", 15), 16);
    EXPECT_EQ(needed(is_json, "JSON", 17), 0) << "a grammar that has it";
    const std::string virtual_column = "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL);";
    EXPECT_EQ(needed(virtual_column, "VIRTUAL", 15), 18);
    EXPECT_EQ(needed(virtual_column, "VIRTUAL", 17), 18);
    EXPECT_EQ(needed(virtual_column, "VIRTUAL", 18), 0);
    EXPECT_EQ(needed("ALTER TABLE t ADD CHECK (a > 0) NOT ENFORCED;", "ENFORCED", 17), 18);
}

TEST(NewerGrammar, AWordElsewhereIsNoSignUnlessItIsANewerConstruct) {
    // "path" is a keyword of PostgreSQL 17, but here a column name before a plain mistake.
    EXPECT_EQ(needed("CREATE TABLE files (path text,);", ")", 15), 0);
    // JSON_TABLE makes the parser stop later, at COLUMNS.
    const std::string json_table = "SELECT * FROM JSON_TABLE(doc, '$[*]' COLUMNS (n int PATH '$')) jt;";
    EXPECT_EQ(needed(json_table, "COLUMNS", 15), 17);
    EXPECT_EQ(needed(json_table, "COLUMNS", 17), 0);
    // Quoted, it is no construct.
    EXPECT_EQ(needed("SELECT 'json_table(' COLUMNS;", "COLUMNS", 15), 0);
    // Only the statement's own words count, up to its semicolon.
    std::string two = "SELECT 1 +;\nSELECT json_table(x, '$' COLUMNS (n int));";
    EXPECT_EQ(newer_grammar_needed(two, 0, static_cast<uint32_t>(two.find(';')), 15), 0);
}

TEST(NewerGrammar, MergeWithReturningOrNotMatchedBySource) {
    const std::string returning = "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE RETURNING t.id;";
    EXPECT_EQ(needed(returning, "RETURNING", 15), 17);
    const std::string by_source = "MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE;";
    EXPECT_EQ(needed(by_source, "BY", 15), 17);
    EXPECT_EQ(needed("INSERT INTO t VALUES (1) RETURNING RETURNING;", "RETURNING;", 15), 0) << "not a MERGE";
}

TEST(NewerGrammar, GeneratedColumnWithoutStored) {
    const std::string statement = "CREATE TABLE t (a int, b int GENERATED ALWAYS AS ((a + 1) * 2), c int);";
    EXPECT_EQ(needed(statement, ", c int", 15), 18);
    EXPECT_EQ(needed(statement, ", c int", 18), 0);
    // Stopped inside the expression: a mistake of the expression's.
    EXPECT_EQ(needed("CREATE TABLE t (b int GENERATED ALWAYS AS (a +) STORED);", ")", 15), 0);
}

TEST(NewerGrammar, TemporalKey) {
    const std::string statement = "CREATE TABLE t (id int, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));";
    EXPECT_EQ(needed(statement, "WITHOUT", 17), 18);
}

TEST(NewerGrammar, ErrorAtTheEndOfInput) {
    std::string statement = "SELECT JSON_QUERY(doc, '$.a' RETURNING jsonb";
    EXPECT_EQ(newer_grammar_needed(statement, 0, static_cast<uint32_t>(statement.size()), 15), 17);
    EXPECT_EQ(newer_grammar_needed("SELECT (", 0, 8, 15), 0);
}
