// Where a statement is: the file, its index among the top-level statements, and how the
// locations in its parse tree turn into file offsets. Shared by the schema model's visitor
// and the rules, so that both place things alike.
#pragma once

#include <cstdint>

#include "finding.h"

namespace tenant_guard::analyzer {

struct StatementContext {
    uint32_t file = 0;
    uint32_t statement = kNoStatement;  // global index of the top-level statement
    uint32_t location_base = 0;         // file offset of the text the parser saw
    // Inside PL/pgSQL bodies node locations are not file offsets; this is used instead.
    bool exact_locations = true;
    uint32_t fallback_offset = 0;
    uint32_t start = 0;  // file offset of the statement's first token
    uint32_t end = 0;
    int nesting = 0;  // DO blocks inside DO blocks (through EXECUTE 'literal')

    Location statement_location() const { return {file, exact_locations ? start : fallback_offset}; }

    // A node's location (a byte offset in the parsed text) in the file. An unknown location
    // (-1), and 0, which libpg_query's JSON used to leave out, fall back to the statement's.
    Location location_of(int location) const {
        if (!exact_locations) return {file, fallback_offset};
        if (location <= 0) return statement_location();
        return {file, location_base + static_cast<uint32_t>(location)};
    }
};

}  // namespace tenant_guard::analyzer
