// Whether a statement that this build's grammar rejects looks like the syntax of a newer
// PostgreSQL, so that the syntax error can say so instead of calling the migration broken.
// A guess from the statement's words, never a parse: PostgreSQL 16, 17 and 18 added keywords
// (kwlist.h) and forms made of older words, and a statement that uses them fails on an older
// grammar at or after them.
#pragma once

#include <cstdint>
#include <string_view>

namespace tenant_guard::analyzer {

// The PostgreSQL major version whose grammar the statement starting at start in text (up to
// its top-level semicolon) seems to need, given that this build's grammar (grammar) stopped at
// error_offset; 0 when nothing points past grammar. Signs, each with the version that brought
// it: the word at the error is a keyword of a newer grammar (VIRTUAL, ENFORCED, IS JSON, ...);
// the statement calls a SQL/JSON function or other construct that no older grammar knows
// (JSON_TABLE, JSON_QUERY, MERGE_ACTION, SYSTEM_USER, ...), which the parser only trips over
// later; MERGE stopped at RETURNING or at NOT MATCHED BY; GENERATED ALWAYS AS (...) followed
// by something else than STORED; WITHOUT OVERLAPS.
int newer_grammar_needed(std::string_view text, uint32_t start, uint32_t error_offset, int grammar);

}  // namespace tenant_guard::analyzer
