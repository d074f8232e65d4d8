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

class BodyWalker {
public:
    BodyWalker(const SourceFile& file, const StatementContext& context, std::string_view code, bool located,
               uint32_t body_offset, bool runs_now, PlpgsqlBody& body)
        : file_(file), context_(context), code_(code), located_(located), body_offset_(body_offset),
          runs_now_(runs_now), body_(body) {
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
        return skip_space_and_comments(file_.text(), body_offset_ + offset_in_body);
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
        PlpgsqlStatement found_statement;
        found_statement.query = std::string(query);
        StatementContext& nested = found_statement.context;
        nested = context_;
        nested.nesting = context_.nesting + 1;
        size_t found = located_ ? code_.find(query, line_offset) : std::string_view::npos;
        if (found != std::string_view::npos) {
            // Locations in the nested parse tree are relative to the query text.
            nested.location_base = body_offset_ + static_cast<uint32_t>(found);
            nested.start = nested.location_base;
        } else {
            nested.exact_locations = false;
            nested.fallback_offset = file_offset(line_offset);
        }
        body_.statements.push_back(std::move(found_statement));
    }

    void dynamic_sql(const Json& statement) {
        PlpgsqlStatement execute;
        execute.kind = PlpgsqlStatement::Kind::Execute;
        execute.query = std::string(query_of(statement, "query"));
        uint32_t line_offset = body_offset_of_line(line_number(statement));
        execute.offset = file_offset(keyword_offset(line_offset, "execute"));
        if (runs_now_ && context_.nesting < kMaxNesting) {
            if (auto literal = string_literal_value(execute.query)) {
                execute.constant_sql = std::move(literal);
                execute.context = context_;
                execute.context.exact_locations = false;
                execute.context.fallback_offset = execute.offset;
                execute.context.nesting = context_.nesting + 1;
            }
        }
        body_.statements.push_back(std::move(execute));
    }

    const SourceFile& file_;
    const StatementContext& context_;
    std::string_view code_;
    bool located_;
    uint32_t body_offset_;
    bool runs_now_;
    PlpgsqlBody& body_;
    std::vector<uint32_t> line_offsets_;
};

PlpgsqlBody read_body(const SourceFile& file, const StatementContext& context, std::string_view code,
                      bool runs_now) {
    PlpgsqlBody body;
    if (context.nesting >= kMaxNesting || code.find(kBodyDelimiter) != std::string_view::npos) return body;
    // Find the body in the file to turn PL/pgSQL line numbers into positions; a body written
    // as an escaped '...' string is not verbatim in the file, and then the statement's own
    // position is used.
    const std::string& text = file.text();
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
        body.error = result.error->message ? result.error->message : "error";
        pg_query_free_plpgsql_parse_result(result);
        return body;
    }
    Json root = result.plpgsql_funcs ? Json::parse(result.plpgsql_funcs, nullptr, false) : Json();
    pg_query_free_plpgsql_parse_result(result);
    if (root.is_discarded()) return body;
    BodyWalker walker(file, context, code, located, body_offset, runs_now, body);
    walker.walk(root);
    return body;
}

}  // namespace

PlpgsqlBody read_do_block(const DoStmt& statement, const StatementContext& context, const SourceFile& file) {
    Body body = body_from_options(statement.args);
    if (!body.language.empty() && body.language != "plpgsql") return {};
    return read_body(file, context, body.code, true);
}

std::string_view plpgsql_function_code(const CreateFunctionStmt& statement) {
    Body body = body_from_options(statement.options);
    return body.language == "plpgsql" ? body.code : std::string_view();
}

std::optional<FunctionCode> function_code_of(const CreateFunctionStmt& statement) {
    Body body = body_from_options(statement.options);
    if (body.code.empty() || (body.language != "plpgsql" && body.language != "sql")) return std::nullopt;
    return FunctionCode{body.language == "plpgsql", std::string(body.code)};
}

PlpgsqlBody read_called_function(const FunctionCode& function, const StatementContext& call, const SourceFile& file) {
    // The body is in the file that created the function, maybe released by now: what it runs
    // is placed at the call.
    StatementContext at_call = call;
    at_call.exact_locations = false;
    at_call.fallback_offset = call.statement_location().offset;
    at_call.start = at_call.fallback_offset;
    if (function.plpgsql) return read_body(file, at_call, function.code, true);
    PlpgsqlBody body;
    if (call.nesting >= kMaxNesting) return body;
    PlpgsqlStatement statement;
    statement.query = function.code;
    statement.context = at_call;
    statement.context.nesting = call.nesting + 1;
    body.statements.push_back(std::move(statement));
    return body;
}

PlpgsqlBody read_function_executes(const CreateFunctionStmt& statement, const StatementContext& context,
                                   const SourceFile& file) {
    std::string_view code = plpgsql_function_code(statement);
    if (find_word(code, "execute") == std::string_view::npos) return {};
    return read_body(file, context, code, false);
}

void for_each_statement_run(const PlpgsqlBody& body,
                            const std::function<void(const Node*, const StatementContext&)>& on_statement) {
    for (const PlpgsqlStatement& statement : body.statements) {
        std::string error;
        if (statement.kind == PlpgsqlStatement::Kind::StaticSql) {
            const StatementContext& nested = statement.context;
            parse_sql_text(statement.query, [&](const ParsedStatement& parsed) {
                StatementContext inner = nested;
                if (inner.exact_locations) {
                    inner.start = nested.location_base + parsed.start;
                    inner.end = nested.location_base + parsed.end;
                }
                on_statement(parsed.node, inner);
            }, error);
        } else if (statement.constant_sql) {
            parse_sql_text(*statement.constant_sql,
                           [&](const ParsedStatement& parsed) { on_statement(parsed.node, statement.context); }, error);
        }
    }
}

}  // namespace tenant_guard::analyzer
