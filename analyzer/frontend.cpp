#include "frontend.h"

#include <pg_query.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "sql_lexer.h"

namespace tenant_guard::analyzer {

namespace {

// Deep expressions nest deeply in JSON; the parser itself refuses input past its own stack
// limit, so this only needs to be above what it accepts.
constexpr size_t kMaxJsonDepth = 10000;

// Reads pg_query's JSON into json_parser's DOM. The DOM owns copies of every string, so the
// JSON text may be freed afterwards. Returns false (error set) if it cannot be read.
bool read_parse_tree(const char* json, simdjson::dom::parser& json_parser, simdjson::dom::element& root,
                     std::string& error) {
    if (auto code = json_parser.parse(json, std::strlen(json)).get(root); code != simdjson::SUCCESS) {
        error = std::string("cannot read the parse tree: ") + simdjson::error_message(code);
        return false;
    }
    return true;
}

// Calls on_statement for each statement of a parse tree read from text placed at base.
void visit_statements(simdjson::dom::element root, std::string_view text, uint32_t base,
                      const std::function<void(const ParsedStatement&)>& on_statement) {
    for (json_tree::Node raw : json_tree::list(root, "stmts")) {
        uint32_t location = static_cast<uint32_t>(json_tree::integer(raw, "stmt_location"));
        uint32_t length = static_cast<uint32_t>(json_tree::integer(raw, "stmt_len"));
        uint32_t end = length == 0 ? static_cast<uint32_t>(text.size()) : location + length;
        json_tree::Node statement;
        if (!json_tree::field(raw, "stmt", statement)) continue;
        ParsedStatement parsed{};
        if (!json_tree::unwrap(statement, parsed.type, parsed.body)) continue;
        parsed.region_begin = base + location;
        parsed.start = base + skip_space_and_comments(text, location);
        parsed.end = base + end;
        parsed.location_base = base;
        on_statement(parsed);
    }
}

bool visit_parse_tree(const char* json, std::string_view text, uint32_t base,
                      simdjson::dom::parser& json_parser,
                      const std::function<void(const ParsedStatement&)>& on_statement,
                      std::string& error) {
    simdjson::dom::element root;
    if (!read_parse_tree(json, json_parser, root, error)) return false;
    visit_statements(root, text, base, on_statement);
    return true;
}

void allocate_json_parser(simdjson::dom::parser& json_parser) {
    // On failure the parser allocates on first use with its default depth: still correct.
    if (json_parser.allocate(1 << 16, kMaxJsonDepth) != simdjson::SUCCESS) return;
}

}  // namespace

ParseResult::ParseResult(const char* sql) : result_(pg_query_parse(sql)) {}

ParseResult::~ParseResult() { pg_query_free_parse_result(result_); }

Frontend::Frontend() { allocate_json_parser(json_parser_); }

bool parse_sql_text(const std::string& text, simdjson::dom::parser& json_parser,
                    const std::function<void(const ParsedStatement&)>& on_statement,
                    std::string& error) {
    ParseResult result(text.c_str());
    if (result->error) {
        error = result->error->message ? result->error->message : "syntax error";
        return false;
    }
    return visit_parse_tree(result->parse_tree, text, 0, json_parser, on_statement, error);
}

std::string Frontend::prepare_text(const SourceFile& file, uint32_t begin, uint32_t end) {
    std::string text = file.text().substr(begin, end - begin);
    // An embedded NUL would end the parser's input early: treat it like whitespace.
    for (size_t nul = text.find('\0'); nul != std::string::npos; nul = text.find('\0', nul + 1)) text[nul] = ' ';
    blank_psql_meta_commands(text);
    return text;
}

std::vector<Frontend::Unit> Frontend::plan_units(const SourceFile& source, uint32_t file) {
    auto unit = [&](uint32_t begin, uint32_t end) {
        Unit planned;
        planned.source = &source;
        planned.file = file;
        planned.begin = begin;
        planned.end = end;
        return planned;
    };
    std::vector<Unit> units;
    uint32_t size = static_cast<uint32_t>(source.text().size());
    if (size <= kLargeFileBytes) {
        units.push_back(unit(0, size));
        return units;
    }
    // A large file is cut at top-level semicolons into chunks that are parsed (in parallel)
    // on their own: this bounds memory, since the JSON of a parse tree is about ten times the
    // SQL, and keeps every core busy on a single big dump.
    std::string blanked = prepare_text(source, 0, size);
    uint32_t chunk_begin = 0;
    for (const ByteRange& range : split_statements(blanked)) {
        uint32_t after_separator = std::min<uint32_t>(range.end + 1, size);
        // COPY ... FROM stdin data follows its statement: never cut between them.
        bool copy_data_follows =
            is_copy_from_stdin(std::string_view(blanked).substr(range.begin, range.end - range.begin));
        if (after_separator - chunk_begin >= kChunkBytes && !copy_data_follows) {
            units.push_back(unit(chunk_begin, after_separator));
            chunk_begin = after_separator;
        }
    }
    if (chunk_begin < size || units.empty()) units.push_back(unit(chunk_begin, size));
    return units;
}

void Frontend::parse_unit(Unit& unit) {
    unit.text = prepare_text(*unit.source, unit.begin, unit.end);
    ParseResult result(unit.text.c_str());
    if (!result->error) {
        unit.parsed_whole = true;
        unit.parse_tree = std::move(result);
        return;
    }
    unit.parser_error = result->error->message ? result->error->message : "syntax error";
    unit.parser_cursor = result->error->cursorpos;
    // The text does not parse as a whole: parse it statement by statement, so that one bad
    // statement (often a psql :variable) does not hide the rest of the file.
    for (const ByteRange& range : split_statements(unit.text)) {
        std::string piece = unit.text.substr(range.begin, range.end - range.begin);
        if (skip_space_and_comments(piece, 0) >= piece.size()) continue;
        unit.pieces.push_back({range, ParseResult(piece.c_str())});
    }
}

void Frontend::parse_files(const std::function<const SourceFile*()>& next_file,
                           const std::function<FrontendCallbacks&(uint32_t file)>& on_file_start) {
    unsigned hardware = std::thread::hardware_concurrency();
    unsigned worker_count = std::min(hardware == 0 ? 1u : hardware, 8u);
    // Workers parse ahead of the model up to a bound on the bytes of SQL in flight (each
    // unit holds its parse tree's JSON, ~10x the SQL), not on units: many small files run
    // far ahead, so nobody waits for a hand-off per file; large chunks cannot pile up in
    // memory. (A bound of 16 units made the workers wait for the model's thread most of the
    // time on folders of small migrations: 10% of the wall time.)
    constexpr size_t kMaxBytesInFlight = 1u << 20;
    // The JSON is read into a DOM on this thread, in one parser that stays in its caches: a
    // DOM takes ~4x the memory of its JSON, and one per unit in flight (read on the workers)
    // cost more in page faults than the reading itself. A parser grown past this by a
    // large unit is replaced after it, returning its memory.
    constexpr size_t kParserCapacityToKeep = 512u << 10;

    // Grows while the workers parse the units already in it (a deque keeps them in place).
    std::deque<Unit> units;
    std::mutex mutex;
    std::condition_variable work_available, unit_done;
    size_t next_unit = 0, consumed = 0;
    size_t bytes_claimed = 0, bytes_consumed = 0;
    bool all_planned = false;
    bool stopping = false;
    auto may_claim = [&] {
        if (next_unit >= units.size()) return false;
        size_t size = units[next_unit].end - units[next_unit].begin;
        return next_unit == consumed || bytes_claimed - bytes_consumed + size <= kMaxBytesInFlight;
    };
    auto work = [&] {
        while (true) {
            Unit* unit;
            {
                std::unique_lock<std::mutex> lock(mutex);
                auto no_more = [&] { return stopping || (all_planned && next_unit >= units.size()); };
                work_available.wait(lock, [&] { return no_more() || may_claim(); });
                if (no_more()) return;
                unit = &units[next_unit++];
                bytes_claimed += unit->end - unit->begin;
            }
            parse_unit(*unit);
            {
                std::lock_guard<std::mutex> lock(mutex);
                unit->parsed = true;
            }
            unit_done.notify_one();
        }
    };
    std::vector<std::thread> workers;
    struct JoinOnExit {
        std::vector<std::thread>& threads;
        std::mutex& mutex;
        bool& stopping;
        std::condition_variable& wake;
        ~JoinOnExit() {
            {
                std::lock_guard<std::mutex> lock(mutex);
                stopping = true;
            }
            wake.notify_all();
            for (std::thread& thread : threads) thread.join();
        }
    } join_on_exit{workers, mutex, stopping, work_available};

    // Hand each file to the workers as soon as it is here: they parse it while the next
    // one is read (thousands of files a run: mostly system calls).
    uint32_t file = 0;
    for (const SourceFile* source = next_file(); source; source = next_file(), ++file) {
        std::vector<Unit> planned = plan_units(*source, file);
        {
            std::lock_guard<std::mutex> lock(mutex);
            for (Unit& unit : planned) units.push_back(std::move(unit));
        }
        work_available.notify_all();
        while (workers.size() < std::min<size_t>(worker_count, units.size())) workers.emplace_back(work);
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        all_planned = true;
    }
    work_available.notify_all();

    uint32_t current_file = UINT32_MAX;
    FrontendCallbacks* callbacks = nullptr;
    for (size_t index = 0; index < units.size(); ++index) {
        Unit& unit = units[index];
        {
            std::unique_lock<std::mutex> lock(mutex);
            unit_done.wait(lock, [&] { return unit.parsed; });
        }
        if (unit.file != current_file) {
            current_file = unit.file;
            callbacks = &on_file_start(unit.file);
        }
        consume_unit(unit, *callbacks);
        std::string().swap(unit.text);
        unit.parse_tree = ParseResult();
        std::vector<Piece>().swap(unit.pieces);
        if (json_parser_.capacity() > kParserCapacityToKeep) {
            json_parser_ = simdjson::dom::parser();
            allocate_json_parser(json_parser_);
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            consumed = index + 1;
            bytes_consumed += unit.end - unit.begin;
        }
        work_available.notify_all();
    }
}

void Frontend::consume_unit(const Unit& unit, FrontendCallbacks& callbacks) {
    const std::string& text = unit.text;
    const uint32_t base = unit.begin;
    auto on_statement = [&](const ParsedStatement& statement) { callbacks.statement(statement); };
    if (unit.parsed_whole) {
        std::string error;
        if (!visit_parse_tree(unit.parse_tree->parse_tree, text, base, json_parser_, on_statement, error))
            callbacks.syntax_error(base, base, base, error);
        return;
    }
    const std::string& whole_error = unit.parser_error;
    int whole_cursor = unit.parser_cursor;
    uint32_t whole_error_offset = base + (whole_cursor > 0 ? byte_offset_of_character(text, whole_cursor - 1) : 0);
    bool reported_any = false;
    for (const Piece& piece : unit.pieces) {
        std::string_view piece_text = std::string_view(text).substr(piece.range.begin, piece.range.end - piece.range.begin);
        uint32_t piece_base = base + piece.range.begin;
        uint32_t start = piece_base + skip_space_and_comments(piece_text, 0);
        const ParseResult& result = piece.result;
        if (!result->error) {
            std::string error;
            if (!visit_parse_tree(result->parse_tree, piece_text, piece_base, json_parser_, on_statement, error)) {
                callbacks.syntax_error(piece_base, start, start, error);
                reported_any = true;
            }
            continue;
        }
        reported_any = true;
        if (auto variable = find_psql_variable(piece_text)) {
            callbacks.psql_variable(piece_base, start, piece_base + *variable);
            continue;
        }
        int cursor = result->error->cursorpos;
        uint32_t offset = cursor > 0 ? piece_base + byte_offset_of_character(piece_text, cursor - 1) : start;
        callbacks.syntax_error(piece_base, start, offset,
                               result->error->message ? result->error->message : "syntax error");
    }
    if (!reported_any) {
        uint32_t start = base + skip_space_and_comments(text, 0);
        callbacks.syntax_error(base, start, whole_error_offset, whole_error);
    }
}

}  // namespace tenant_guard::analyzer
