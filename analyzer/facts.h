// What the front end reports besides parse trees, kept for the rules and the reporters: the
// files, the top-level statements (for locations) and the suppression comments above them,
// the statements that do not parse, and those that use psql variables. All of it is read from
// a file's text while the file is parsed: a file's text may be released after that
// (SourceFile::release_text).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "finding.h"
#include "source_files.h"
#include "suppression_comment.h"

namespace tenant_guard::analyzer {

struct StatementRecord {
    uint32_t file = 0;
    uint32_t region_begin = 0;  // where its leading comments start (after the previous ';')
    uint32_t start = 0;         // its first token
};

struct SyntaxError {
    uint32_t statement = kNoStatement;
    Location location;
    std::string message;
    // The PostgreSQL major version whose grammar the statement seems to use when it is newer
    // than this build's (newer_grammar.h); 0 otherwise.
    int newer_grammar = 0;
};

// A statement that does not parse because it uses a psql variable (:name, :'name', :"name").
struct PsqlVariable {
    uint32_t statement = kNoStatement;
    Location location;  // of the variable
    std::string name;   // as written: :name, :'name' or :"name"
};

struct Facts {
    SourceFiles files;
    std::vector<StatementRecord> statements;
    // The tenant-guard comments above a statement, by statement; most statements have none.
    std::map<uint32_t, std::vector<Suppression>> suppressions;
    std::vector<SyntaxError> syntax_errors;
    std::vector<PsqlVariable> psql_variables;
    uint64_t parsed_statements = 0;  // including statements inside DO blocks
};

}  // namespace tenant_guard::analyzer
