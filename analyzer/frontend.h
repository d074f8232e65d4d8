// The libpg_query front end: a whole file is parsed at once (the fast path); a file that
// does not parse is split into statements so that the others are still checked and each
// failure is reported at the parser's position. psql meta-command lines are blanked first.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "json_tree.h"
#include "source_file.h"

namespace tenant_guard::analyzer {

struct ParsedStatement {
    std::string_view type;   // "CreateStmt", ...
    json_tree::Node body;
    uint32_t region_begin;   // leading comments start here
    uint32_t start;          // first token
    uint32_t end;            // exclusive
    uint32_t location_base;  // add to a node's "location" to get its byte offset in the file
};

class FrontendCallbacks {
public:
    virtual ~FrontendCallbacks() = default;
    virtual void statement(const ParsedStatement& statement) = 0;
    virtual void syntax_error(uint32_t region_begin, uint32_t start, uint32_t error_offset,
                              const std::string& message) = 0;
    virtual void psql_variable(uint32_t region_begin, uint32_t start, uint32_t variable_offset) = 0;
};

class Frontend {
public:
    Frontend();
    void parse_file(const SourceFile& file, FrontendCallbacks& callbacks);

private:
    simdjson::dom::parser json_parser_;
};

// Parses SQL that is not a whole file (a statement inside a PL/pgSQL body). Locations in
// the statements are relative to text (location_base 0). On failure returns false and sets
// error; statements are only reported when everything parsed.
bool parse_sql_text(const std::string& text, simdjson::dom::parser& json_parser,
                    const std::function<void(const ParsedStatement&)>& on_statement,
                    std::string& error);

}  // namespace tenant_guard::analyzer
