// What the statement visitor records while it builds the schema model: the statements
// themselves (for locations and suppression comments) and the per-statement facts that
// rules read; and, at the end of each migration file, what the isolation rule decided for the
// tables that file touched (isolation_findings.h). Everything else the rules need is in the
// final SchemaModel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "finding.h"
#include "source_file.h"

namespace tenant_guard::analyzer {

struct StatementRecord {
    uint32_t file = 0;
    uint32_t region_begin = 0;  // where its leading comments start (after the previous ';')
    uint32_t start = 0;         // its first token
};

struct DestructiveChange {
    uint32_t statement = kNoStatement;
    Location location;
    std::string description;  // "DROP TABLE public.invoices"
    std::string table;        // schema.name, empty for DROP SCHEMA
    // A DROP POLICY that the same file follows with a CREATE POLICY of the same name on the
    // same table (the usual idempotent re-creation) removes no protection by itself: the new
    // policy is judged by the isolation rules instead.
    bool withdrawn = false;
    std::string dropped_policy;  // the policy's name, for that match
    uint32_t file = 0;
};

struct DynamicSql {
    uint32_t statement = kNoStatement;
    Location location;
    std::string description;
};

struct SyntaxError {
    uint32_t statement = kNoStatement;
    Location location;
    std::string message;
};

struct Facts {
    std::vector<SourceFile> files;
    std::vector<StatementRecord> statements;
    std::vector<DestructiveChange> destructive_changes;
    std::vector<DynamicSql> dynamic_sql;
    std::vector<SyntaxError> syntax_errors;
    // Decided when each migration file ends, as the guard decides when its transaction
    // commits; a rule copies its own (isolation_findings.h).
    std::vector<Finding> isolation_findings;
    uint64_t parsed_statements = 0;  // including statements inside DO blocks
};

}  // namespace tenant_guard::analyzer
