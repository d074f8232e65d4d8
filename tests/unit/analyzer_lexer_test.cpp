// The lexing helpers that keep positions right around psql meta-commands and bad statements.
#include <gtest/gtest.h>

#include <stdexcept>

#include "source_file.h"
#include "sql_lexer.h"

using namespace tenant_guard::analyzer;

TEST(SqlLexer, BlanksMetaCommandLinesButKeepsOffsets) {
    std::string text = "\\set ON_ERROR_STOP 1\nSELECT 1;\n  \\i other.sql\nSELECT '\n\\not a command';\n";
    std::string blanked = text;
    EXPECT_TRUE(blank_psql_meta_commands(blanked));
    ASSERT_EQ(blanked.size(), text.size());
    EXPECT_EQ(blanked.find("\\set"), std::string::npos);
    EXPECT_EQ(blanked.find("\\i other"), std::string::npos);
    EXPECT_NE(blanked.find("\\not a command"), std::string::npos) << "inside a string literal";
    EXPECT_EQ(blanked.find("SELECT 1;"), text.find("SELECT 1;"));
}

TEST(SqlLexer, OnlyALineStartingWithABackslashIsAMetaCommand) {
    std::string text = "SELECT 1 \\gset\nSELECT E'\\n\n\\x' /* \n\\y */; SELECT $$\n\\z$$;\n\t\\echo done\n";
    std::string blanked = text;
    EXPECT_TRUE(blank_psql_meta_commands(blanked));
    EXPECT_EQ(blanked, "SELECT 1 \\gset\nSELECT E'\\n\n\\x' /* \n\\y */; SELECT $$\n\\z$$;\n\t          \n");
}

TEST(SqlLexer, SplitsOnTopLevelSemicolonsOnly) {
    std::string text = "CREATE TABLE a (b text DEFAULT ';'); DO $x$ BEGIN; END $x$; SELECT (1;2)";
    auto ranges = split_statements(text);
    ASSERT_EQ(ranges.size(), 3u);
    EXPECT_EQ(text.substr(ranges[0].begin, ranges[0].end - ranges[0].begin), "CREATE TABLE a (b text DEFAULT ';')");
}

TEST(SqlLexer, FindsPsqlVariablesButNotCasts) {
    EXPECT_FALSE(find_psql_variable("SELECT 1::int, ':x', \":y\" -- :z").has_value());
    EXPECT_EQ(find_psql_variable("GRANT ALL ON t TO :role").value(), 18u);
    EXPECT_TRUE(find_psql_variable("SELECT :'value'").has_value());
}

TEST(SqlLexer, ReadsPsqlVariablesAsValuesByteForByte) {
    std::string text = "INSERT INTO t VALUES (:id, :'name', ':x', :gid::uuid)";
    std::string values = text;
    EXPECT_TRUE(replace_psql_variables_by_values(values));
    EXPECT_EQ(values, "INSERT INTO t VALUES ($1 ,  'name', ':x', $1  ::uuid)");
    std::string identifier = "INSERT INTO t VALUES (:\"column\")";
    EXPECT_FALSE(replace_psql_variables_by_values(identifier)) << "names an identifier, not a value";
    std::string none = "SELECT 1::int";
    EXPECT_FALSE(replace_psql_variables_by_values(none));
}

TEST(SqlLexer, SkipsNestedBlockCommentsAndDollarQuotes) {
    std::string text = "/* a /* b */ c */ -- d\n  SELECT";
    EXPECT_EQ(skip_space_and_comments(text, 0), text.find("SELECT"));
    std::string dollar = "$tag$ it's $$ inside $tag$ rest";
    EXPECT_EQ(skip_quoted_or_comment(dollar, 0), dollar.find(" rest"));
}

TEST(SqlLexer, FindsWholeWordsInAnyCase) {
    EXPECT_EQ(find_word("EXECUTE 'x'", "execute"), 0u);
    EXPECT_EQ(find_word("executed; _execute; execute2; x.ExeCute(", "execute"), 32u);
    EXPECT_EQ(find_word("$execute", "execute"), 1u) << "$ is not a word character for \\b";
    EXPECT_EQ(find_word("executes", "execute"), std::string_view::npos);
    EXPECT_EQ(find_word("drop drop", "drop", 1), 5u);
    // Candidates in both cases, interleaved: each is tried in order.
    EXPECT_EQ(find_word("Executes executed EXECUTE execute", "execute"), 18u);
    EXPECT_EQ(find_word("EXECUTEs execute", "execute", 1), 9u);
    EXPECT_EQ(find_word("x.y := 1", ":="), 4u) << "a word that starts with no letter";
    EXPECT_EQ(find_word("exec", "execute"), std::string_view::npos);
}

TEST(SourceFile, LineAndColumnCountCharactersNotBytes) {
    SourceFile file("f.sql", "-- é\nSELECT 'ü', x;\n");
    size_t x = file.text().find("x;");
    LineColumn position = file.line_column(static_cast<uint32_t>(x));
    EXPECT_EQ(position.line, 2u);
    EXPECT_EQ(position.column, 13u);
    EXPECT_EQ(byte_offset_of_character("aé b", 3), 4u);
}

TEST(SourceFile, ReleasedTextKeepsEveryLineAndColumn) {
    const std::string text = "-- é\nSELECT 'ü', x;\r\nplain line\n\n  tail é x";
    SourceFile held("f.sql", text);
    SourceFile released("f.sql", text);
    released.release_text();
    EXPECT_FALSE(released.holds_text());
    EXPECT_EQ(released.size(), text.size());
    for (uint32_t offset = 0; offset <= text.size() + 2; ++offset) {
        LineColumn expected = held.line_column(offset), got = released.line_column(offset);
        EXPECT_EQ(got.line, expected.line) << offset;
        EXPECT_EQ(got.column, expected.column) << offset;
    }
    EXPECT_EQ(released.line_start(3), held.line_start(3));
    EXPECT_THROW(released.text(), std::logic_error);
    EXPECT_THROW(released.line_text(1), std::logic_error);
}

TEST(SqlLexer, BlanksCopyFromStdinData) {
    std::string text = "COPY t (a, b) FROM stdin;\n1\tit's; x\n2\t\\N\n\\.\nSELECT 1;\n";
    std::string blanked = text;
    EXPECT_TRUE(blank_psql_meta_commands(blanked));
    EXPECT_EQ(blanked.find("it's"), std::string::npos);
    EXPECT_EQ(blanked.find("SELECT 1;"), text.find("SELECT 1;"));
    EXPECT_EQ(blanked.substr(0, 25), text.substr(0, 25));
}
