// The libpg_query front end: a whole file is parsed at once (the fast path); a file that
// does not parse is split into statements so that the others are still checked and each
// failure is reported at the parser's position. psql meta-command lines are blanked first.
// Statements are handed over as libpg_query's typed parse tree (pg_nodes.h), read in place.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "source_file.h"
#include "sql_lexer.h"

struct Node;
struct List;
struct MemoryContextData;

namespace tenant_guard::analyzer {

struct ParsedStatement {
    const Node* node;        // the statement (a RawStmt's stmt): valid during the callback only
    uint32_t region_begin;   // leading comments start here
    uint32_t start;          // first token
    uint32_t end;            // exclusive
    uint32_t location_base;  // add to a node's location to get its byte offset in the file
};

// libpg_query keeps a memory context per thread. Each text is parsed in a context of its own,
// made current by enter_parser_memory(), which holds its trees until release_parser_memory()
// frees them, on the thread that made it. A thread may hold several at once.
MemoryContextData* enter_parser_memory();
void release_parser_memory(MemoryContextData* context);

// A context for what is parsed, read and dropped within one scope on one thread.
class ParserMemoryScope {
public:
    ParserMemoryScope() : context_(enter_parser_memory()) {}
    ~ParserMemoryScope() { release_parser_memory(context_); }
    ParserMemoryScope(const ParserMemoryScope&) = delete;
    ParserMemoryScope& operator=(const ParserMemoryScope&) = delete;

private:
    MemoryContextData* context_;
};

// One pg_query_raw_parse, in the thread's current parser memory: the statements (RawStmt)
// or the parser's error.
struct RawParse {
    explicit RawParse(const char* sql);
    const List* statements = nullptr;
    bool failed = false;
    std::string error;  // the parser's message
    int cursor = 0;     // its 1-based character position, 0 when unknown
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
    // next_file hands over the files one at a time, in migration order, then nullptr. It is
    // called on a thread of the front end's, while the calling thread already runs the
    // callbacks on the files handed over before: it may add to storage that they read, but
    // must not move what it handed over. A file is numbered by its place in that order and
    // must stay where it is until parse_files returns; an exception from next_file ends the
    // run and is rethrown by parse_files.
    // on_file_start is called when the first statement of a file is about to be reported,
    // with whether the file holds a statement that PostgreSQL refuses inside a transaction
    // block (commit_boundaries.h; kLookAheadBytes says how that is known before the rest of the
    // file is reported; a baseline is said to hold none), and returns the callbacks for that
    // file's statements. Files are never interleaved.
    void parse_files(
        const std::function<const SourceFile*()>& next_file,
        const std::function<FrontendCallbacks&(uint32_t file, bool refuses_transaction_block)>& on_file_start);

    // Files above this size are parsed in chunks of about kChunkBytes, so that both cores
    // parse a large file, and the model starts on it while the rest is being parsed.
    static constexpr uint32_t kLargeFileBytes = 128u << 10;
    static constexpr uint32_t kChunkBytes = 64u << 10;
    // How a file's statements commit depends on all of them (on_file_start). The model's
    // thread parses a large file's later chunks before its first statement is reported,
    // holding all of its trees (about 20 times the SQL); a file above this size is instead
    // parsed once more beforehand, a chunk at a time, for that alone.
    static constexpr uint32_t kLookAheadBytes = 1u << 20;

    // A unit of parsing: a file, or a chunk of a large one.
    struct UnitRange {
        uint32_t begin = 0;
        uint32_t end = 0;
    };
    // A file's units: the whole file, or a large file's chunks.
    static std::vector<UnitRange> plan_units(const SourceFile& source);
    // The range's text as the parser sees it: psql meta-commands blanked, NULs made spaces.
    static std::string prepare_text(const SourceFile& file, uint32_t begin, uint32_t end);

private:
    // A statement of a unit that does not parse as a whole, parsed on its own.
    struct Piece {
        ByteRange range;  // in the unit's text
        RawParse result;
        bool psql_values = false;  // parsed with its psql variables read as values
    };

    struct Unit {
        const SourceFile* source = nullptr;
        uint32_t file = 0;
        uint32_t begin = 0;
        uint32_t end = 0;
        std::string text;  // the range with psql meta-commands blanked, as parsed
        bool parsed = false;  // its trees are ready
        bool parsed_here = false;  // by the model's thread, which then frees the trees itself
        unsigned worker = 0;  // else which worker: it frees the trees once the model has read them
        bool refuses_transaction_block = false;  // holds a statement refused_in_transaction_block()
        // On a file's first unit, whether the whole file holds one, when the reader decided it
        // (a baseline, or a file above kLookAheadBytes).
        std::optional<bool> file_refuses_transaction_block;
        MemoryContextData* memory = nullptr;
        std::optional<RawParse> whole;  // the parse of the whole text
        std::vector<Piece> pieces;      // when it fails: its statements, each parsed on its own
    };

    static void parse_unit(Unit& unit);
    // Whether the file's units hold a statement refused_in_transaction_block(), each parsed
    // and freed in turn.
    static bool file_holds_statement_refused_in_transaction_block(const SourceFile& source,
                                                                 const std::vector<UnitRange>& units);
    static void consume_unit(const Unit& unit, FrontendCallbacks& callbacks);
};

// Parses SQL that is not a whole file (a statement inside a PL/pgSQL body), on the calling
// thread, and reports its statements, whose locations are relative to text (location_base
// 0), while their trees exist. On failure returns false and sets error; statements are only
// reported when everything parsed.
bool parse_sql_text(const std::string& text, const std::function<void(const ParsedStatement&)>& on_statement,
                    std::string& error);

}  // namespace tenant_guard::analyzer
