#include "sql_lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace tenant_guard::analyzer {

namespace {

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
           (static_cast<unsigned char>(c) >= 0x80);
}

bool is_identifier_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           (static_cast<unsigned char>(c) >= 0x80);
}

size_t skip_block_comment(std::string_view text, size_t offset) {
    // PostgreSQL block comments nest.
    int depth = 0;
    size_t i = offset;
    while (i + 1 < text.size()) {
        if (text[i] == '/' && text[i + 1] == '*') {
            ++depth;
            i += 2;
        } else if (text[i] == '*' && text[i + 1] == '/') {
            --depth;
            i += 2;
            if (depth == 0) return i;
        } else {
            ++i;
        }
    }
    return text.size();
}

size_t skip_single_quoted(std::string_view text, size_t offset, bool backslash_escapes) {
    size_t i = offset + 1;
    while (i < text.size()) {
        char c = text[i];
        if (backslash_escapes && c == '\\') {
            i += 2;
            continue;
        }
        if (c == '\'') {
            if (i + 1 < text.size() && text[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return text.size();
}

size_t skip_double_quoted(std::string_view text, size_t offset) {
    size_t i = offset + 1;
    while (i < text.size()) {
        if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return text.size();
}

// A dollar quote opens with $tag$ where tag is empty or an identifier not starting with a
// digit ($1 is a parameter). Returns the length of the opening delimiter, or 0.
size_t dollar_quote_delimiter_length(std::string_view text, size_t offset) {
    if (offset > 0 && is_identifier_char(text[offset - 1])) return 0;
    size_t i = offset + 1;
    if (i < text.size() && text[i] == '$') return 2;
    if (i >= text.size() || !is_identifier_start(text[i])) return 0;
    while (i < text.size() && is_identifier_char(text[i]) && text[i] != '$') ++i;
    if (i < text.size() && text[i] == '$') return i + 1 - offset;
    return 0;
}

// The first bytes of everything skip_quoted_or_comment skips: at any other byte it
// returns the offset it was given.
bool may_open_quote_or_comment(char c) { return c == '-' || c == '/' || c == '\'' || c == '"' || c == '$'; }

}  // namespace

size_t skip_quoted_or_comment(std::string_view text, size_t offset) {
    if (offset >= text.size()) return offset;
    char c = text[offset];
    if (!may_open_quote_or_comment(c)) return offset;
    char next = offset + 1 < text.size() ? text[offset + 1] : '\0';
    if (c == '-' && next == '-') {
        size_t end = text.find('\n', offset);
        return end == std::string_view::npos ? text.size() : end;
    }
    if (c == '/' && next == '*') return skip_block_comment(text, offset);
    if (c == '\'') {
        bool escape_string = offset > 0 && (text[offset - 1] == 'E' || text[offset - 1] == 'e') &&
                             (offset < 2 || !is_identifier_char(text[offset - 2]));
        return skip_single_quoted(text, offset, escape_string);
    }
    if (c == '"') return skip_double_quoted(text, offset);
    if (c == '$') {
        size_t length = dollar_quote_delimiter_length(text, offset);
        if (length == 0) return offset;
        std::string_view delimiter = text.substr(offset, length);
        size_t close = text.find(delimiter, offset + length);
        return close == std::string_view::npos ? text.size() : close + length;
    }
    return offset;
}

uint32_t skip_space_and_comments(std::string_view text, uint32_t offset) {
    size_t i = offset;
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        bool comment = (text[i] == '-' && i + 1 < text.size() && text[i + 1] == '-') ||
                       (text[i] == '/' && i + 1 < text.size() && text[i + 1] == '*');
        if (!comment) break;
        i = skip_quoted_or_comment(text, i);
    }
    return static_cast<uint32_t>(i);
}

namespace {

bool is_ascii_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t find_word(std::string_view text, std::string_view word, size_t from) {
    if (word.empty()) return std::string_view::npos;
    // The first letter in either case is found by memchr (function bodies are searched whole,
    // most of them for a word they do not hold), then the rest is compared.
    const char lower = word[0];
    const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
    size_t next_lower = text.find(lower, from), next_upper = lower == upper ? next_lower : text.find(upper, from);
    while (true) {
        const size_t i = std::min(next_lower, next_upper);
        if (i == std::string_view::npos || i + word.size() > text.size()) return std::string_view::npos;
        if (i == next_lower) next_lower = text.find(lower, i + 1);
        if (i == next_upper) next_upper = lower == upper ? next_lower : text.find(upper, i + 1);
        if (i > 0 && is_ascii_word_char(text[i - 1])) continue;
        size_t k = 1;
        while (k < word.size() && ascii_lower(text[i + k]) == word[k]) ++k;
        if (k == word.size() && (i + k == text.size() || !is_ascii_word_char(text[i + k]))) return i;
    }
}

namespace {

size_t skip_white_space(std::string_view text, size_t offset) {
    while (offset < text.size() && std::isspace(static_cast<unsigned char>(text[offset]))) ++offset;
    return offset;
}

}  // namespace

bool looks_like_ddl(std::string_view text) {
    for (std::string_view word : {"create", "alter", "drop", "truncate", "grant", "revoke", "policy"})
        if (find_word(text, word) != std::string_view::npos) return true;
    for (size_t row = find_word(text, "row"); row != std::string_view::npos; row = find_word(text, "row", row + 3)) {
        size_t level = skip_white_space(text, row + 3);
        if (level == row + 3 || find_word(text, "level", level) != level) continue;
        size_t security = skip_white_space(text, level + 5);
        if (security > level + 5 && find_word(text, "security", security) == security) return true;
    }
    return false;
}

namespace {

bool starts_with_word(std::string_view text, std::string_view word) {
    if (text.size() < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    return text.size() == word.size() || !is_identifier_char(text[word.size()]);
}

}  // namespace

bool is_copy_from_stdin(std::string_view statement) {
    size_t start = skip_space_and_comments(statement, 0);
    if (!starts_with_word(statement.substr(start), "copy")) return false;
    std::string lowered;
    for (char c : statement) lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    size_t from = lowered.find("from");
    while (from != std::string::npos) {
        size_t next = skip_space_and_comments(lowered, static_cast<uint32_t>(from + 4));
        if (starts_with_word(std::string_view(lowered).substr(next), "stdin")) return true;
        from = lowered.find("from", from + 4);
    }
    return false;
}

namespace {

// What blank_psql_meta_commands has to look at once a line's first token is behind it:
// statement and line ends, and what may open a quote or a comment.
constexpr std::array<bool, 256> kEndsStretchInsideLine = [] {
    std::array<bool, 256> ends{};
    for (unsigned char c : {';', '\n', '-', '/', '\'', '"', '$'}) ends[c] = true;
    return ends;
}();

void blank(std::string& text, size_t begin, size_t end) {
    for (size_t j = begin; j < end; ++j)
        if (text[j] != '\n') text[j] = ' ';
}

}  // namespace

bool blank_psql_meta_commands(std::string& text) {
    // Meta-commands and COPY data terminators both need a backslash: most files have none.
    if (text.find('\\') == std::string::npos) return false;
    bool changed = false;
    bool at_line_start = true;
    size_t statement_begin = 0;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == ';') {
            // COPY ... FROM stdin: its data lines are not SQL; blank them up to "\.".
            if (is_copy_from_stdin(std::string_view(text).substr(statement_begin, i - statement_begin))) {
                size_t data_begin = text.find('\n', i);
                if (data_begin != std::string::npos) {
                    size_t terminator = data_begin;
                    size_t data_end = text.size();
                    while ((terminator = text.find("\n\\.", terminator)) != std::string::npos) {
                        size_t after = terminator + 3;
                        if (after >= text.size() || text[after] == '\n' || text[after] == '\r') {
                            data_end = after;
                            break;
                        }
                        terminator = after;
                    }
                    blank(text, data_begin, data_end);
                    changed = true;
                    i = data_end;
                    statement_begin = i;
                    continue;
                }
            }
            statement_begin = i + 1;
            at_line_start = false;
            ++i;
            continue;
        }
        if (c == '\n') {
            at_line_start = true;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '\\' && at_line_start) {
            size_t end = text.find('\n', i);
            if (end == std::string::npos) end = text.size();
            for (size_t j = i; j < end; ++j) text[j] = ' ';
            changed = true;
            i = end;
            continue;
        }
        at_line_start = false;
        size_t after = may_open_quote_or_comment(c) ? skip_quoted_or_comment(text, i) : i;
        i = after > i ? after : i + 1;
        // Past a line's first token only these bytes matter: step over the others at once
        // (this loop runs over every file that has a backslash anywhere).
        while (i < text.size() && !kEndsStretchInsideLine[static_cast<unsigned char>(text[i])]) ++i;
    }
    return changed;
}

std::vector<ByteRange> split_statements(std::string_view text) {
    std::vector<ByteRange> statements;
    uint32_t begin = 0;
    int depth = 0;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (may_open_quote_or_comment(c)) {
            size_t after = skip_quoted_or_comment(text, i);
            if (after > i) {
                i = after;
                continue;
            }
        }
        if (c == '(') ++depth;
        else if (c == ')' && depth > 0) --depth;
        else if (c == ';' && depth == 0) {
            statements.push_back({begin, static_cast<uint32_t>(i)});
            begin = static_cast<uint32_t>(i + 1);
        }
        ++i;
    }
    if (skip_space_and_comments(text, begin) < text.size()) {
        statements.push_back({begin, static_cast<uint32_t>(text.size())});
    }
    return statements;
}

std::optional<uint32_t> find_psql_variable(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        if (may_open_quote_or_comment(text[i])) {
            size_t after = skip_quoted_or_comment(text, i);
            if (after > i) {
                i = after;
                continue;
            }
        }
        if (text[i] == ':') {
            if (i + 1 < text.size() && text[i + 1] == ':') {  // a :: cast
                i += 2;
                continue;
            }
            if (i + 1 < text.size() && text[i + 1] != '=' &&
                (is_identifier_start(text[i + 1]) || text[i + 1] == '\'' || text[i + 1] == '"')) {
                return static_cast<uint32_t>(i);
            }
        }
        ++i;
    }
    return std::nullopt;
}

std::string_view psql_variable_at(std::string_view text, uint32_t offset) {
    size_t end = offset + 1;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                                 text[end] == '\'' || text[end] == '"'))
        ++end;
    return text.substr(offset, end - offset);
}

bool replace_psql_variables_by_values(std::string& text) {
    bool replaced = false;
    for (std::optional<uint32_t> found = find_psql_variable(text); found; found = find_psql_variable(text)) {
        size_t colon = *found;
        if (text[colon + 1] == '"') return false;
        if (text[colon + 1] == '\'') {
            text[colon] = ' ';  // the rest, 'name', is a string literal already
        } else {
            size_t end = colon + 1;
            while (end < text.size() && is_identifier_char(text[end]) && text[end] != '$') ++end;
            text.replace(colon, end - colon, "$1" + std::string(end - colon - 2, ' '));
        }
        replaced = true;
    }
    return replaced;
}

}  // namespace tenant_guard::analyzer
