#include "frontend.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "commit_boundaries.h"
#include "pg_nodes.h"
#include "sql_lexer.h"

namespace tenant_guard::analyzer {

MemoryContextData* enter_parser_memory() { return pg_query_enter_memory_context(); }

void release_parser_memory(MemoryContextData* context) {
    if (context) pg_query_exit_memory_context(context);
}

RawParse::RawParse(const char* sql) {
    PgQueryInternalParsetreeAndError result = pg::raw_parse(sql);
    free(result.stderr_buffer);
    if (result.error) {
        failed = true;
        error = result.error->message ? result.error->message : "syntax error";
        cursor = result.error->cursorpos;
        pg_query_free_error(result.error);
        return;
    }
    statements = result.tree;
}

namespace {

// Where the comments before a statement start: just past the last semicolon between from
// (the end of the previous statement) and the statement's first token. PostgreSQL 15 and 17
// give that place as stmt_location, PostgreSQL 18 the first token (pg_nodes.h): found here
// the same way for every version.
uint32_t region_begin_of(std::string_view text, uint32_t from, uint32_t first_token) {
    uint32_t begin = from;
    for (size_t i = from; i < first_token && i < text.size();) {
        size_t skipped = skip_quoted_or_comment(text, i);
        if (skipped != i) {
            i = skipped;
            continue;
        }
        if (text[i] == ';') begin = static_cast<uint32_t>(i + 1);
        ++i;
    }
    return begin;
}

// Calls on_statement for each statement of a parse of text placed at base.
void visit_statements(const List* statements, std::string_view text, uint32_t base,
                      const std::function<void(const ParsedStatement&)>& on_statement) {
    uint32_t previous_end = 0;
    for (const Node* node : pg::items(statements)) {
        const RawStmt* raw = pg::as<RawStmt>(node);
        if (!raw || !raw->stmt) continue;
        uint32_t location = static_cast<uint32_t>(raw->stmt_location);
        uint32_t length = static_cast<uint32_t>(raw->stmt_len);
        uint32_t end = length == 0 ? static_cast<uint32_t>(text.size()) : location + length;
        uint32_t start = skip_space_and_comments(text, location);
        ParsedStatement parsed{};
        parsed.node = raw->stmt;
        parsed.region_begin = base + region_begin_of(text, previous_end, start);
        parsed.start = base + start;
        parsed.end = base + end;
        parsed.location_base = base;
        on_statement(parsed);
        previous_end = end;
    }
}

// Whether a parse holds a statement that PostgreSQL runs only outside a transaction block.
bool holds_statement_refused_in_transaction_block(const List* statements) {
    for (const Node* node : pg::items(statements))
        if (const RawStmt* raw = pg::as<RawStmt>(node); raw && refused_in_transaction_block(raw->stmt)) return true;
    return false;
}

// Whether a parse is one INSERT or UPDATE.
bool writes_rows_only(const List* statements) {
    if (pg::items(statements).size() != 1) return false;
    const RawStmt* raw = pg::as<RawStmt>(pg::items(statements).front());
    NodeTag tag = raw ? pg::tag(raw->stmt) : T_Invalid;
    return tag == T_InsertStmt || tag == T_UpdateStmt;
}

}  // namespace

bool parse_sql_text(const std::string& text, const std::function<void(const ParsedStatement&)>& on_statement,
                    std::string& error) {
    ParserMemoryScope memory;
    RawParse result(text.c_str());
    if (result.failed) {
        error = result.error;
        return false;
    }
    visit_statements(result.statements, text, 0, on_statement);
    return true;
}

std::string Frontend::prepare_text(const SourceFile& file, uint32_t begin, uint32_t end) {
    std::string text = file.text().substr(begin, end - begin);
    // An embedded NUL would end the parser's input early: treat it like whitespace.
    for (size_t nul = text.find('\0'); nul != std::string::npos; nul = text.find('\0', nul + 1)) text[nul] = ' ';
    blank_psql_meta_commands(text);
    return text;
}

std::vector<Frontend::UnitRange> Frontend::plan_units(const SourceFile& source) {
    std::vector<UnitRange> units;
    uint32_t size = static_cast<uint32_t>(source.text().size());
    if (size <= kLargeFileBytes) {
        units.push_back({0, size});
        return units;
    }
    // A large file is cut at top-level semicolons into chunks that are parsed (in parallel)
    // on their own: this bounds memory, since a parse tree takes several times the SQL, and
    // keeps every core busy on a single big dump.
    std::string blanked = prepare_text(source, 0, size);
    uint32_t chunk_begin = 0;
    for (const ByteRange& range : split_statements(blanked)) {
        uint32_t after_separator = std::min<uint32_t>(range.end + 1, size);
        // COPY ... FROM stdin data follows its statement: never cut between them.
        bool copy_data_follows =
            is_copy_from_stdin(std::string_view(blanked).substr(range.begin, range.end - range.begin));
        if (after_separator - chunk_begin >= kChunkBytes && !copy_data_follows) {
            units.push_back({chunk_begin, after_separator});
            chunk_begin = after_separator;
        }
    }
    if (chunk_begin < size || units.empty()) units.push_back({chunk_begin, size});
    return units;
}

bool Frontend::file_holds_statement_refused_in_transaction_block(const SourceFile& source,
                                                                const std::vector<UnitRange>& units) {
    for (const UnitRange& range : units) {
        // Parsed as a worker parses it; its trees are freed before the next chunk is parsed.
        Unit unit;
        unit.source = &source;
        unit.begin = range.begin;
        unit.end = range.end;
        parse_unit(unit);
        unit.whole.reset();
        unit.pieces.clear();
        release_parser_memory(unit.memory);
        if (unit.refuses_transaction_block) return true;
    }
    return false;
}

void Frontend::parse_unit(Unit& unit) {
    unit.text = prepare_text(*unit.source, unit.begin, unit.end);
    unit.memory = enter_parser_memory();
    unit.whole.emplace(unit.text.c_str());
    if (!unit.whole->failed) {
        unit.refuses_transaction_block = holds_statement_refused_in_transaction_block(unit.whole->statements);
        return;
    }
    // The text does not parse as a whole: parse it statement by statement, so that one bad
    // statement (often a psql :variable) does not hide the rest of the file.
    for (const ByteRange& range : split_statements(unit.text)) {
        std::string piece = unit.text.substr(range.begin, range.end - range.begin);
        if (skip_space_and_comments(piece, 0) >= piece.size()) continue;
        RawParse result(piece.c_str());
        bool psql_values = false;
        if (result.failed && find_psql_variable(piece)) {
            // psql variables in the values an INSERT or UPDATE writes build no SQL: the
            // statement is checked as if they were values.
            if (replace_psql_variables_by_values(piece)) {
                RawParse with_values(piece.c_str());
                if (!with_values.failed && writes_rows_only(with_values.statements)) {
                    unit.text.replace(range.begin, piece.size(), piece);
                    result = std::move(with_values);
                    psql_values = true;
                }
            }
        }
        unit.refuses_transaction_block =
            unit.refuses_transaction_block || holds_statement_refused_in_transaction_block(result.statements);
        unit.pieces.push_back({range, std::move(result), psql_values});
    }
}

void Frontend::parse_files(
    const std::function<const SourceFile*()>& next_file,
    const std::function<FrontendCallbacks&(uint32_t file, bool refuses_transaction_block)>& on_file_start) {
    // The model's thread parses too (parsed_unit below), whenever it would otherwise wait:
    // one worker per other core, so that no thread waits for a core.
    unsigned hardware = std::thread::hardware_concurrency();
    unsigned worker_count = std::clamp(hardware, 2u, 8u) - 1;
    // Workers parse ahead of the model up to a bound on the bytes of SQL in flight (each
    // unit holds its parse trees, several times the SQL), not on units: many small files run
    // far ahead, so nobody waits for a hand-off per file; large chunks cannot pile up in
    // memory. (A bound of 16 units made the workers wait for the model's thread most of the
    // time on folders of small migrations: 10% of the wall time. The trees are about 20
    // times the SQL: 1 MB in flight held 21 MB of trees on the generated history, and 256 KB,
    // still a hundred files of the corpus, is as fast there.)
    constexpr size_t kMaxBytesInFlight = 256u << 10;
    // The reader stays at most this many bytes of SQL ahead of the model's thread, which may
    // release a file's text once it is checked (SourceFile::release_text): on a long history,
    // reading it all first held all of it at once. It resumes when half of that is left, so
    // that it is seldom woken.
    constexpr size_t kMaxBytesReadAhead = 8u << 20;

    // Grows while the workers parse the units already in it (a deque keeps them in place).
    std::deque<Unit> units;
    std::mutex mutex;
    std::condition_variable work_available, unit_done;
    size_t next_unit = 0, consumed = 0;
    size_t bytes_claimed = 0, bytes_consumed = 0, bytes_planned = 0;
    bool waiting_for_unit = false;  // the model's thread
    bool reader_waiting = false;
    std::condition_variable read_ahead_room;
    bool stopping = false;
    // The trees the model has read, by the worker that must free them (contexts are per thread).
    std::vector<std::vector<MemoryContextData*>> to_release(worker_count);
    auto may_claim = [&] {
        if (next_unit >= units.size()) return false;
        size_t size = units[next_unit].end - units[next_unit].begin;
        return next_unit == consumed || bytes_claimed - bytes_consumed + size <= kMaxBytesInFlight;
    };
    // Every wake-up is a context switch, and there are thousands of units a run: a worker is
    // woken only when there is a unit it may claim, and frees the trees the model has read
    // then (at most the bytes in flight wait for it).
    auto work = [&](unsigned worker) {
        std::vector<MemoryContextData*> releasing;
        while (true) {
            Unit* unit = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex);
                work_available.wait(lock, [&] { return stopping || may_claim(); });
                releasing.swap(to_release[worker]);
                if (!stopping) {
                    unit = &units[next_unit++];
                    bytes_claimed += unit->end - unit->begin;
                    if (may_claim()) work_available.notify_one();
                }
            }
            for (MemoryContextData* context : releasing) release_parser_memory(context);
            releasing.clear();
            if (!unit) return;
            unit->worker = worker;
            parse_unit(*unit);
            {
                std::lock_guard<std::mutex> lock(mutex);
                unit->parsed = true;
                if (!waiting_for_unit) continue;
            }
            unit_done.notify_one();
        }
    };
    std::vector<std::thread> workers;
    // Files are read on a thread of their own (thousands of files a run: mostly system calls),
    // so that the model's thread starts on the first file at once.
    std::thread reader;
    bool all_planned = false;
    std::exception_ptr reader_failure;
    // Every thread stays until the model has read every unit: a worker's thread-local trees go
    // with it.
    struct JoinOnExit {
        std::vector<std::thread>& threads;
        std::thread& reader;
        std::mutex& mutex;
        bool& stopping;
        std::condition_variable& wake;
        std::condition_variable& wake_reader;
        ~JoinOnExit() {
            {
                std::lock_guard<std::mutex> lock(mutex);
                stopping = true;
            }
            wake.notify_all();
            wake_reader.notify_all();
            if (reader.joinable()) reader.join();
            for (std::thread& thread : threads) thread.join();
        }
    } join_on_exit{workers, reader, mutex, stopping, work_available, read_ahead_room};
    for (unsigned worker = 0; worker < worker_count; ++worker) workers.emplace_back(work, worker);

    reader = std::thread([&] {
        try {
            for (uint32_t file = 0;; ++file) {
                {
                    std::unique_lock<std::mutex> lock(mutex);
                    if (bytes_planned - bytes_consumed > kMaxBytesReadAhead) {
                        reader_waiting = true;
                        read_ahead_room.wait(lock, [&] {
                            return stopping || bytes_planned - bytes_consumed <= kMaxBytesReadAhead / 2;
                        });
                        reader_waiting = false;
                    }
                    if (stopping) break;
                }
                const SourceFile* source = next_file();
                if (!source) break;
                std::vector<UnitRange> planned = plan_units(*source);
                std::optional<bool> file_refuses_transaction_block;
                if (source->is_baseline())
                    file_refuses_transaction_block = false;  // a snapshot: none of its commits is judged
                else if (planned.size() > 1 && source->size() > kLookAheadBytes)
                    file_refuses_transaction_block = file_holds_statement_refused_in_transaction_block(*source, planned);
                bool wake_model;
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    if (stopping) break;
                    for (const UnitRange& range : planned) {
                        Unit& unit = units.emplace_back();
                        if (&range == &planned.front()) unit.file_refuses_transaction_block = file_refuses_transaction_block;
                        unit.source = source;
                        unit.file = file;
                        unit.begin = range.begin;
                        unit.end = range.end;
                        bytes_planned += range.end - range.begin;
                    }
                    wake_model = waiting_for_unit;
                }
                work_available.notify_one();
                if (wake_model) unit_done.notify_one();
            }
        } catch (...) {
            reader_failure = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            all_planned = true;
        }
        unit_done.notify_one();
    });

    // The unit at index once it is parsed, or null after the last one. The model's thread
    // parses rather than waits: the unit itself if no worker has it yet, else, while a worker
    // parses it, the next unit nobody has claimed. (With one worker on two cores, the model's
    // thread waited for it for a fifth of the run on the corpus.)
    auto parsed_unit = [&](size_t index) -> Unit* {
        std::unique_lock<std::mutex> lock(mutex);
        waiting_for_unit = true;
        unit_done.wait(lock, [&] { return index < units.size() || all_planned; });
        waiting_for_unit = false;
        Unit* unit = index < units.size() ? &units[index] : nullptr;  // stays in place as units grow
        while (unit && !unit->parsed) {
            if (next_unit == index || may_claim()) {
                Unit& claimed = units[next_unit++];
                bytes_claimed += claimed.end - claimed.begin;
                claimed.parsed_here = true;
                lock.unlock();
                parse_unit(claimed);
                lock.lock();
                claimed.parsed = true;
                continue;
            }
            waiting_for_unit = true;
            unit_done.wait(lock);  // a worker is done with a unit
            waiting_for_unit = false;
        }
        return unit;
    };
    // Whether the unit after index is another of the same file (a file's units are planned at
    // once, so all of them are there when its first one is).
    auto same_file_follows = [&](size_t index) {
        std::lock_guard<std::mutex> lock(mutex);
        return index + 1 < units.size() && units[index + 1].file == units[index].file;
    };

    uint32_t current_file = UINT32_MAX;
    FrontendCallbacks* callbacks = nullptr;
    for (size_t index = 0;; ++index) {
        Unit* next = parsed_unit(index);
        if (!next) break;
        Unit& unit = *next;
        if (unit.file != current_file) {
            current_file = unit.file;
            // What the whole file holds decides how its statements commit: unless the reader
            // has decided it, a large file's later chunks are parsed before its first statement
            // is reported.
            bool refuses_transaction_block = unit.refuses_transaction_block;
            if (unit.file_refuses_transaction_block)
                refuses_transaction_block = *unit.file_refuses_transaction_block;
            else
                for (size_t later = index; same_file_follows(later); ++later)
                    refuses_transaction_block = parsed_unit(later + 1)->refuses_transaction_block || refuses_transaction_block;
            callbacks = &on_file_start(unit.file, refuses_transaction_block);
        }
        consume_unit(unit, *callbacks);
        std::string().swap(unit.text);
        unit.whole.reset();
        std::vector<Piece>().swap(unit.pieces);
        if (unit.parsed_here) release_parser_memory(unit.memory);
        bool claimable, reader_may_read;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!unit.parsed_here) to_release[unit.worker].push_back(unit.memory);
            unit.memory = nullptr;
            bool could_claim = may_claim();
            consumed = index + 1;
            bytes_consumed += unit.end - unit.begin;
            claimable = !could_claim && may_claim();
            reader_may_read = reader_waiting && bytes_planned - bytes_consumed <= kMaxBytesReadAhead / 2;
        }
        if (claimable) work_available.notify_one();
        if (reader_may_read) read_ahead_room.notify_one();
    }
    if (reader_failure) std::rethrow_exception(reader_failure);
}

void Frontend::consume_unit(const Unit& unit, FrontendCallbacks& callbacks) {
    const std::string& text = unit.text;
    const uint32_t base = unit.begin;
    auto on_statement = [&](const ParsedStatement& statement) { callbacks.statement(statement); };
    const RawParse& whole = *unit.whole;
    if (!whole.failed) {
        visit_statements(whole.statements, text, base, on_statement);
        return;
    }
    uint32_t whole_error_offset = base + (whole.cursor > 0 ? byte_offset_of_character(text, whole.cursor - 1) : 0);
    // Whether a piece explains why the whole text does not parse.
    bool explained = false;
    for (const Piece& piece : unit.pieces) {
        std::string_view piece_text = std::string_view(text).substr(piece.range.begin, piece.range.end - piece.range.begin);
        uint32_t piece_base = base + piece.range.begin;
        uint32_t start = piece_base + skip_space_and_comments(piece_text, 0);
        const RawParse& result = piece.result;
        if (!result.failed) {
            visit_statements(result.statements, piece_text, piece_base, on_statement);
            explained = explained || piece.psql_values;
            continue;
        }
        explained = true;
        if (auto variable = find_psql_variable(piece_text)) {
            callbacks.psql_variable(piece_base, start, piece_base + *variable);
            continue;
        }
        uint32_t offset = result.cursor > 0 ? piece_base + byte_offset_of_character(piece_text, result.cursor - 1) : start;
        callbacks.syntax_error(piece_base, start, offset, result.error);
    }
    if (!explained) {
        uint32_t start = base + skip_space_and_comments(text, 0);
        callbacks.syntax_error(base, start, whole_error_offset, whole.error);
    }
}

}  // namespace tenant_guard::analyzer
