// The libpg_query front end: a whole file is parsed at once (the fast path); a file that
// does not parse is split into statements so that the others are still checked and each
// failure is reported at the parser's position. psql meta-command lines are blanked first.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <pg_query.h>

#include <vector>

#include "json_tree.h"
#include "source_file.h"
#include "sql_lexer.h"

namespace tenant_guard::analyzer {

struct ParsedStatement {
    std::string_view type;   // "CreateStmt", ...
    json_tree::Node body;
    uint32_t region_begin;   // leading comments start here
    uint32_t start;          // first token
    uint32_t end;            // exclusive
    uint32_t location_base;  // add to a node's "location" to get its byte offset in the file
};

// Owns one pg_query_parse result. Movable, so that a worker can hand it to the thread that
// builds the model.
class ParseResult {
public:
    ParseResult() = default;
    explicit ParseResult(const char* sql);
    ~ParseResult();
    ParseResult(ParseResult&& other) noexcept : result_(std::exchange(other.result_, {})) {}
    ParseResult& operator=(ParseResult&& other) noexcept {
        std::swap(result_, other.result_);
        return *this;
    }
    const PgQueryParseResult* operator->() const { return &result_; }

private:
    PgQueryParseResult result_{};
};

class FrontendCallbacks {
public:
    virtual ~FrontendCallbacks() = default;
    virtual void statement(const ParsedStatement& statement) = 0;
    virtual void syntax_error(uint32_t region_begin, uint32_t start, uint32_t error_offset,
                              const std::string& message) = 0;
    virtual void psql_variable(uint32_t region_begin, uint32_t start, uint32_t variable_offset) = 0;
};

// Parses files in order on worker threads (libpg_query is thread-safe) while the caller's
// callbacks build the model on the calling thread, in file and statement order.
class Frontend {
public:
    Frontend();
    // next_file hands over the files one at a time, in migration order, then nullptr; the
    // workers start on each file while the next is being read. A file is numbered by its
    // place in that order and must stay where it is until parse_files returns.
    // on_file_start is called when the first statement of a file is about to be reported
    // and returns the callbacks for that file's statements. Files are never interleaved.
    void parse_files(const std::function<const SourceFile*()>& next_file,
                     const std::function<FrontendCallbacks&(uint32_t file)>& on_file_start);

private:
    // Files above this size are parsed in chunks of about kChunkBytes, so that both cores
    // parse a large file, and the model starts on it while the rest is being parsed.
    static constexpr uint32_t kLargeFileBytes = 128u << 10;
    static constexpr uint32_t kChunkBytes = 64u << 10;

    // A statement of a unit that does not parse as a whole, parsed on its own.
    struct Piece {
        ByteRange range;  // in the unit's text
        ParseResult result;
    };

    struct Unit {
        const SourceFile* source = nullptr;
        uint32_t file = 0;
        uint32_t begin = 0;
        uint32_t end = 0;
        std::string text;  // the range with psql meta-commands blanked, as parsed
        bool parsed = false;       // the worker is done with it
        bool parsed_whole = false;  // pg_query_parse accepted the whole range: parse_tree
        ParseResult parse_tree;
        std::string parser_error;   // otherwise its message and 1-based character position,
        int parser_cursor = 0;
        std::vector<Piece> pieces;  // and its statements, each parsed on its own
    };

    static std::string prepare_text(const SourceFile& file, uint32_t begin, uint32_t end);
    // A file's units: the whole file, or a large file's chunks.
    static std::vector<Unit> plan_units(const SourceFile& source, uint32_t file);
    static void parse_unit(Unit& unit);
    void consume_unit(const Unit& unit, FrontendCallbacks& callbacks);

    simdjson::dom::parser json_parser_;
};

// Parses SQL that is not a whole file (a statement inside a PL/pgSQL body). Locations in
// the statements are relative to text (location_base 0). On failure returns false and sets
// error; statements are only reported when everything parsed.
bool parse_sql_text(const std::string& text, simdjson::dom::parser& json_parser,
                    const std::function<void(const ParsedStatement&)>& on_statement,
                    std::string& error);

}  // namespace tenant_guard::analyzer
