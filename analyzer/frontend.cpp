#include "frontend.h"

#include <pg_query.h>

#include <cstring>

#include "sql_lexer.h"

namespace tenant_guard::analyzer {

namespace {

// Deep expressions nest deeply in JSON; the parser itself refuses input past its own stack
// limit, so this only needs to be above what it accepts.
constexpr size_t kMaxJsonDepth = 10000;

// Owns one pg_query parse result.
class ParseResult {
public:
    explicit ParseResult(const char* sql) : result_(pg_query_parse(sql)) {}
    ~ParseResult() { pg_query_free_parse_result(result_); }
    ParseResult(const ParseResult&) = delete;
    ParseResult& operator=(const ParseResult&) = delete;
    const PgQueryParseResult* operator->() const { return &result_; }

private:
    PgQueryParseResult result_;
};

// Calls on_statement for each statement of a parsed JSON tree. Returns false if the JSON
// could not be read (too deep), with error set.
bool visit_parse_tree(const char* json, std::string_view text, uint32_t base,
                      simdjson::dom::parser& json_parser,
                      const std::function<void(const ParsedStatement&)>& on_statement,
                      std::string& error) {
    simdjson::dom::element root;
    if (auto code = json_parser.parse(json, std::strlen(json)).get(root); code != simdjson::SUCCESS) {
        error = std::string("cannot read the parse tree: ") + simdjson::error_message(code);
        return false;
    }
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
    return true;
}

}  // namespace

Frontend::Frontend() {
    // On failure the parser allocates on first use with its default depth: still correct.
    if (json_parser_.allocate(1 << 16, kMaxJsonDepth) != simdjson::SUCCESS) return;
}

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

void Frontend::parse_file(const SourceFile& file, FrontendCallbacks& callbacks) {
    std::string text = file.text();
    // An embedded NUL would end the parser's input early: treat it like whitespace.
    for (char& c : text)
        if (c == '\0') c = ' ';
    blank_psql_meta_commands(text);
    auto on_statement = [&](const ParsedStatement& statement) { callbacks.statement(statement); };
    std::string whole_file_error;
    uint32_t whole_file_error_offset = 0;
    {
        ParseResult result(text.c_str());
        std::string error;
        if (!result->error) {
            if (visit_parse_tree(result->parse_tree, text, 0, json_parser_, on_statement, error)) return;
            callbacks.syntax_error(0, 0, 0, error);
            return;
        }
        whole_file_error = result->error->message ? result->error->message : "syntax error";
        int cursor = result->error->cursorpos;
        whole_file_error_offset = cursor > 0 ? byte_offset_of_character(text, cursor - 1) : 0;
    }
    // The file does not parse as a whole: parse it statement by statement, so that one bad
    // statement (often a psql :variable) does not hide the rest of the file.
    bool reported_any = false;
    for (const ByteRange& range : split_statements(text)) {
        std::string piece = text.substr(range.begin, range.end - range.begin);
        uint32_t start = range.begin + skip_space_and_comments(piece, 0);
        if (start >= range.end) continue;
        ParseResult result(piece.c_str());
        if (!result->error) {
            std::string error;
            if (!visit_parse_tree(result->parse_tree, piece, range.begin, json_parser_,
                                  on_statement, error)) {
                callbacks.syntax_error(range.begin, start, start, error);
                reported_any = true;
            }
            continue;
        }
        reported_any = true;
        if (auto variable = find_psql_variable(piece)) {
            callbacks.psql_variable(range.begin, start, range.begin + *variable);
            continue;
        }
        int cursor = result->error->cursorpos;
        uint32_t offset = cursor > 0 ? range.begin + byte_offset_of_character(piece, cursor - 1) : start;
        callbacks.syntax_error(range.begin, start, offset,
                               result->error->message ? result->error->message : "syntax error");
    }
    if (!reported_any) {
        uint32_t start = skip_space_and_comments(text, 0);
        callbacks.syntax_error(0, start, whole_file_error_offset, whole_file_error);
    }
}

}  // namespace tenant_guard::analyzer
