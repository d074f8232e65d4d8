#include "plpgsql_bodies.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstring>
#include <optional>

#include "frontend.h"
#include "sql_lexer.h"

namespace tenant_guard::analyzer {

// libpg_query has no typed tree for PL/pgSQL: its JSON is read, in document order (the
// order of a body's statements).
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kBodyDelimiter = "$tenant_guard_body$";
constexpr int kMaxNesting = 4;

struct Body {
    std::string_view code;
    std::string_view language;  // empty: PL/pgSQL, the default for DO
};

Body body_from_options(const List* options) {
    Body body;
    for (const Node* option : pg::items(options)) {
        const DefElem* element = pg::as<DefElem>(option);
        if (!element || !element->arg) continue;
        std::string_view name = pg::text(element->defname);
        if (name == "as") {
            if (pg::as<String>(element->arg)) {
                body.code = pg::string_value(element->arg);
            } else if (const List* list = pg::as<List>(element->arg)) {
                for (const Node* item : pg::items(list)) {
                    if (!pg::as<String>(item)) continue;
                    body.code = pg::string_value(item);
                    break;
                }
            }
        } else if (name == "language" && pg::as<String>(element->arg)) {
            body.language = pg::string_value(element->arg);
        }
    }
    return body;
}

// A single SQL string literal ('...' with '' doubled): its value. Nothing else qualifies.
std::optional<std::string> string_literal_value(std::string_view expression) {
    size_t begin = 0;
    while (begin < expression.size() && std::isspace(static_cast<unsigned char>(expression[begin]))) ++begin;
    size_t end = expression.size();
    while (end > begin && std::isspace(static_cast<unsigned char>(expression[end - 1]))) --end;
    std::string_view literal = expression.substr(begin, end - begin);
    if (literal.size() < 2 || literal.front() != '\'') return std::nullopt;
    if (skip_quoted_or_comment(literal, 0) != literal.size()) return std::nullopt;
    std::string value;
    for (size_t i = 1; i + 1 < literal.size(); ++i) {
        value.push_back(literal[i]);
        if (literal[i] == '\'') ++i;
    }
    return value;
}

size_t skip_white_space(std::string_view text, size_t offset) {
    while (offset < text.size() && std::isspace(static_cast<unsigned char>(text[offset]))) ++offset;
    return offset;
}

// Whether a word of the expression, in any case, is create, alter, drop, truncate, grant,
// revoke or policy, or the words row level security follow each other.
bool looks_like_ddl(std::string_view expression) {
    for (std::string_view word : {"create", "alter", "drop", "truncate", "grant", "revoke", "policy"})
        if (find_word(expression, word) != std::string_view::npos) return true;
    for (size_t row = find_word(expression, "row"); row != std::string_view::npos;
         row = find_word(expression, "row", row + 3)) {
        size_t level = skip_white_space(expression, row + 3);
        if (level == row + 3 || find_word(expression, "level", level) != level) continue;
        size_t security = skip_white_space(expression, level + 5);
        if (security > level + 5 && find_word(expression, "security", security) == security) return true;
    }
    return false;
}

class BodyWalker {
public:
    BodyWalker(StatementVisitor& visitor, const StatementContext& context, std::string_view code,
               bool located, uint32_t body_offset, bool runs_now)
        : visitor_(visitor), context_(context), code_(code), located_(located),
          body_offset_(body_offset), runs_now_(runs_now) {
        line_offsets_.push_back(0);
        for (size_t i = 0; i < code.size(); ++i)
            if (code[i] == '\n') line_offsets_.push_back(static_cast<uint32_t>(i + 1));
    }

    void walk(const Json& node) {
        if (node.is_object()) {
            for (const auto& [key, value] : node.items()) {
                if (key == "PLpgSQL_stmt_execsql") static_sql(value, "sqlstmt");
                // PERFORM f() is SELECT f(): set_config('search_path', ...) or tenant_guard.exempt().
                else if (key == "PLpgSQL_stmt_perform") static_sql(value, "expr");
                else if (key == "PLpgSQL_stmt_dynexecute") dynamic_sql(value);
                else walk(value);
            }
        } else if (node.is_array()) {
            for (const Json& item : node) walk(item);
        }
    }

private:
    // lineno counts lines of the wrapped text, whose first line is the body's first line.
    uint32_t body_offset_of_line(int64_t line_number) const {
        if (line_number < 1) return 0;
        size_t index = std::min<size_t>(static_cast<size_t>(line_number - 1), line_offsets_.size() - 1);
        return line_offsets_[index];
    }

    // The keyword's offset on the statement's line (case-insensitive), else the line start.
    uint32_t keyword_offset(uint32_t line_offset, std::string_view keyword) const {
        size_t line_end = code_.find('\n', line_offset);
        if (line_end == std::string_view::npos) line_end = code_.size();
        for (size_t i = line_offset; i + keyword.size() <= line_end; ++i) {
            bool match = true;
            for (size_t k = 0; k < keyword.size() && match; ++k)
                match = std::tolower(static_cast<unsigned char>(code_[i + k])) == keyword[k];
            if (match) return static_cast<uint32_t>(i);
        }
        return line_offset;
    }

    uint32_t file_offset(uint32_t offset_in_body) const {
        if (!located_) return context_.start;
        const std::string& text = visitor_.file(context_).text();
        return skip_space_and_comments(text, body_offset_ + offset_in_body);
    }

    static std::string_view query_of(const Json& statement, const char* key) {
        auto expression = statement.find(key);
        if (expression == statement.end() || !expression->is_object()) return {};
        auto inner = expression->find("PLpgSQL_expr");
        if (inner == expression->end() || !inner->is_object()) return {};
        auto query = inner->find("query");
        if (query == inner->end() || !query->is_string()) return {};
        return query->get_ref<const std::string&>();
    }

    static int64_t line_number(const Json& statement) {
        auto line = statement.find("lineno");
        return line != statement.end() && line->is_number_integer() ? line->get<int64_t>() : 0;
    }

    void static_sql(const Json& statement, const char* query_key) {
        if (!runs_now_) return;
        std::string_view query = query_of(statement, query_key);
        if (query.empty()) return;
        uint32_t line_offset = body_offset_of_line(line_number(statement));
        StatementContext nested = context_;
        nested.nesting = context_.nesting + 1;
        size_t found = located_ ? code_.find(query, line_offset) : std::string_view::npos;
        if (found != std::string_view::npos) {
            nested.location_base = body_offset_ + static_cast<uint32_t>(found);
            nested.start = nested.location_base;
        } else {
            nested.exact_locations = false;
            nested.fallback_offset = file_offset(line_offset);
        }
        // Locations in the nested parse tree are relative to the query text.
        std::string error;
        parse_sql_text(std::string(query), [&](const ParsedStatement& parsed) {
            StatementContext inner = nested;
            if (inner.exact_locations) {
                inner.start = nested.location_base + parsed.start;
                inner.end = nested.location_base + parsed.end;
            }
            visitor_.visit(parsed.node, inner);
        }, error);
    }

    void dynamic_sql(const Json& statement) {
        std::string_view query = query_of(statement, "query");
        uint32_t line_offset = body_offset_of_line(line_number(statement));
        uint32_t offset = file_offset(keyword_offset(line_offset, "execute"));
        if (runs_now_) {
            if (auto literal = string_literal_value(query); literal && context_.nesting < kMaxNesting) {
                // EXECUTE of a constant string is static SQL in disguise: model it.
                StatementContext nested = context_;
                nested.exact_locations = false;
                nested.fallback_offset = offset;
                nested.nesting = context_.nesting + 1;
                std::string error;
                parse_sql_text(*literal, [&](const ParsedStatement& parsed) { visitor_.visit(parsed.node, nested); },
                               error);
                return;
            }
            visitor_.record_dynamic_sql(context_, offset,
                                        "EXECUTE runs SQL built at run time in a DO block: " +
                                            abbreviate(query));
            return;
        }
        if (looks_like_ddl(query))
            visitor_.record_dynamic_sql(context_, offset,
                                        "EXECUTE builds DDL at run time in a function: " + abbreviate(query));
    }

    static std::string abbreviate(std::string_view query) {
        std::string text;
        for (char c : query) {
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
            if (c == ' ' && !text.empty() && text.back() == ' ') continue;
            text.push_back(c);
        }
        if (text.size() > 80) {
            size_t cut = 77;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            text = text.substr(0, cut) + "...";
        }
        return text;
    }

    StatementVisitor& visitor_;
    const StatementContext& context_;
    std::string_view code_;
    bool located_;
    uint32_t body_offset_;
    bool runs_now_;
    std::vector<uint32_t> line_offsets_;
};

void walk_body(StatementVisitor& visitor, const StatementContext& context, std::string_view code,
               bool runs_now) {
    if (context.nesting >= kMaxNesting || code.find(kBodyDelimiter) != std::string_view::npos) return;
    // Find the body in the file to turn PL/pgSQL line numbers into positions; a body written
    // as an escaped '...' string is not verbatim in the file, and then the statement's own
    // position is used.
    const std::string& text = visitor.file(context).text();
    bool located = false;
    uint32_t body_offset = context.start;
    if (context.exact_locations && context.end > context.start && context.end <= text.size() && !code.empty()) {
        std::string_view statement_text(text.data() + context.start, context.end - context.start);
        size_t found = statement_text.find(code);
        if (found != std::string_view::npos) {
            located = true;
            body_offset = context.start + static_cast<uint32_t>(found);
        }
    }
    std::string wrapped = "CREATE FUNCTION tenant_guard_body() RETURNS void LANGUAGE plpgsql AS ";
    wrapped += kBodyDelimiter;
    wrapped += code;
    wrapped += kBodyDelimiter;
    PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(wrapped.c_str());
    if (result.error) {
        if (runs_now) {
            visitor.record_dynamic_sql(context, context.start,
                                       std::string("the DO block's PL/pgSQL body could not be read (") +
                                           (result.error->message ? result.error->message : "error") +
                                           "); its statements are not checked");
        }
        pg_query_free_plpgsql_parse_result(result);
        return;
    }
    Json root = result.plpgsql_funcs ? Json::parse(result.plpgsql_funcs, nullptr, false) : Json();
    pg_query_free_plpgsql_parse_result(result);
    if (root.is_discarded()) return;
    BodyWalker walker(visitor, context, code, located, body_offset, runs_now);
    walker.walk(root);
}

}  // namespace

void visit_do_block(StatementVisitor& visitor, const DoStmt& do_statement, const StatementContext& context) {
    Body body = body_from_options(do_statement.args);
    if (!body.language.empty() && body.language != "plpgsql") return;
    walk_body(visitor, context, body.code, true);
}

void inspect_function_body(StatementVisitor& visitor, const CreateFunctionStmt& create_function,
                           const StatementContext& context) {
    Body body = body_from_options(create_function.options);
    if (body.language != "plpgsql") return;
    // Only EXECUTE statements of a function are reported: a body without the word has
    // none and needs no PL/pgSQL parse, which would cost more than the rest of the statement.
    if (find_word(body.code, "execute") == std::string_view::npos) return;
    walk_body(visitor, context, body.code, false);
}

}  // namespace tenant_guard::analyzer
