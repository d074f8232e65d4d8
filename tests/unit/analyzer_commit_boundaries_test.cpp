// Where a file's transactions commit: which statements PostgreSQL refuses inside a transaction
// block, read from the parse tree, and auto mode deciding on the whole file, a large file's
// later chunks included.
#include <gtest/gtest.h>

#include <string>

#include "analysis.h"
#include "commit_boundaries.h"
#include "frontend.h"

using namespace tenant_guard::analyzer;

namespace {

// Whether the one statement of sql is refused_in_transaction_block().
bool refused(const std::string& sql) {
    bool result = false;
    int statements = 0;
    std::string error;
    EXPECT_TRUE(parse_sql_text(sql, [&](const ParsedStatement& parsed) {
        result = refused_in_transaction_block(parsed.node);
        ++statements;
    }, error)) << sql << ": " << error;
    EXPECT_EQ(statements, 1) << sql;
    return result;
}

TEST(CommitBoundaries, StatementsRefusedInATransactionBlock) {
    for (const char* sql : {"CREATE INDEX CONCURRENTLY i ON t (a)", "create unique index concurrently i on t (a)",
                            "DROP INDEX CONCURRENTLY i", "REINDEX TABLE CONCURRENTLY t",
                            "REINDEX (CONCURRENTLY) INDEX i", "REINDEX (CONCURRENTLY true) INDEX i", "VACUUM",
                            "VACUUM (ANALYZE) t", "VACUUM FULL t", "CREATE DATABASE d", "DROP DATABASE d",
                            "CREATE TABLESPACE s LOCATION '/srv/s'", "DROP TABLESPACE s",
                            "ALTER SYSTEM SET work_mem = '64MB'",
                            "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p", "DROP SUBSCRIPTION s",
                            "DISCARD ALL"})
        EXPECT_TRUE(refused(sql)) << sql;
}

TEST(CommitBoundaries, StatementsAllowedInATransactionBlock) {
    for (const char* sql : {"CREATE INDEX i ON t (a)", "DROP INDEX i", "REINDEX TABLE t",
                            "REINDEX (CONCURRENTLY false) INDEX i", "ANALYZE t", "CREATE TABLE t (a int)",
                            "ALTER DATABASE d SET work_mem = '64MB'", "SELECT 'CREATE INDEX CONCURRENTLY'",
                            "-- VACUUM\nSELECT 1", "DISCARD PLANS", "DISCARD TEMP"})
        EXPECT_FALSE(refused(sql)) << sql;
}

TEST(CommitBoundaries, AutoModeResolvesFromTheFile) {
    EXPECT_EQ(resolve_transaction_mode(TransactionMode::Auto, true), TransactionMode::Statements);
    EXPECT_EQ(resolve_transaction_mode(TransactionMode::Auto, false), TransactionMode::Transaction);
    EXPECT_EQ(resolve_transaction_mode(TransactionMode::SimpleQuery, true), TransactionMode::SimpleQuery);
}

// A tenant table that the file protects only after its first statement.
const std::string kCreateThenProtect =
    "CREATE TABLE docs (id int, organization_id uuid);\n"
    "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY docs_org ON docs USING (organization_id = current_setting('app.org')::uuid)\n"
    "    WITH CHECK (organization_id = current_setting('app.org')::uuid);\n";

bool reports_table_without_rls(const std::string& sql) {
    for (const Finding& finding : analyse_texts({{"m.sql", sql}}).findings)
        if (finding.rule == RuleId::TenantTableWithoutRls) return true;
    return false;
}

TEST(CommitBoundaries, AutoModeCommitsEachStatementOfAFileThatNeedsIt) {
    // One transaction: the table is protected when it commits.
    EXPECT_FALSE(reports_table_without_rls(kCreateThenProtect));
    // Sent statement by statement: the CREATE TABLE commits unprotected.
    EXPECT_TRUE(reports_table_without_rls(kCreateThenProtect + "CREATE INDEX CONCURRENTLY docs_i ON docs (id);\n"));
}

TEST(CommitBoundaries, AutoModeReadsEveryChunkOfALargeFile) {
    // Larger than Frontend::kLargeFileBytes: parsed in chunks, the CONCURRENTLY in the last one.
    std::string filler;
    while (filler.size() < 2 * Frontend::kLargeFileBytes) filler += "SELECT 1;\n";
    ASSERT_GT(Frontend::plan_units(SourceFile("m.sql", kCreateThenProtect + filler)).size(), 2u);
    EXPECT_FALSE(reports_table_without_rls(kCreateThenProtect + filler));
    EXPECT_TRUE(reports_table_without_rls(kCreateThenProtect + filler + "CREATE INDEX CONCURRENTLY docs_i ON docs (id);\n"));
}

TEST(CommitBoundaries, AutoModeReadsAFileTooLargeToHoldWhole) {
    // Above Frontend::kLookAheadBytes the mode is read beforehand, a chunk at a time.
    std::string filler;
    while (filler.size() < Frontend::kLookAheadBytes) filler += "SELECT 1;\n";
    EXPECT_FALSE(reports_table_without_rls(kCreateThenProtect + filler));
    EXPECT_TRUE(reports_table_without_rls(kCreateThenProtect + filler + "CREATE INDEX CONCURRENTLY docs_i ON docs (id);\n"));
    // In a chunk that does not parse whole, too.
    EXPECT_TRUE(reports_table_without_rls(kCreateThenProtect + filler + "SELEC oops;\nVACUUM docs;\n"));
}

}  // namespace
