#include "newer_grammar.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "sql_lexer.h"

namespace tenant_guard::analyzer {

namespace {

struct VersionedWord {
    std::string_view word;
    int version;
};

// The keywords each grammar added to PostgreSQL 15's (the kwlist.h of 16, 17 and 18).
constexpr VersionedWord kNewerKeywords[] = {
    {"absent", 16}, {"format", 16}, {"indent", 16}, {"json", 16}, {"json_array", 16},
    {"json_arrayagg", 16}, {"json_object", 16}, {"json_objectagg", 16}, {"keys", 16},
    {"scalar", 16}, {"system_user", 16},
    {"conditional", 17}, {"empty", 17}, {"error", 17}, {"json_exists", 17}, {"json_query", 17},
    {"json_scalar", 17}, {"json_serialize", 17}, {"json_table", 17}, {"json_value", 17},
    {"keep", 17}, {"merge_action", 17}, {"nested", 17}, {"omit", 17}, {"path", 17}, {"plan", 17},
    {"quotes", 17}, {"source", 17}, {"string", 17}, {"target", 17}, {"unconditional", 17},
    {"enforced", 18}, {"objects", 18}, {"period", 18}, {"virtual", 18},
};

// Constructs of newer grammars whose name no one uses for anything else, and past which an
// older parser goes on (json_table(doc, '$' COLUMNS ...) stops at COLUMNS): wherever they are
// in the statement, they are the likely cause.
constexpr VersionedWord kNewerConstructs[] = {
    {"json_array", 16}, {"json_arrayagg", 16}, {"json_object", 16}, {"json_objectagg", 16},
    {"system_user", 16}, {"json_exists", 17}, {"json_query", 17}, {"json_scalar", 17},
    {"json_serialize", 17}, {"json_table", 17}, {"json_value", 17}, {"merge_action", 17},
};

int version_of(std::string_view word, const VersionedWord* begin, const VersionedWord* end) {
    const VersionedWord* found =
        std::find_if(begin, end, [&](const VersionedWord& entry) { return entry.word == word; });
    return found == end ? 0 : found->version;
}

struct Token {
    std::string word;  // lower case; empty for punctuation and numbers
    char symbol = 0;   // the punctuation character
    uint32_t begin = 0;
};

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_word_char(char c) {
    return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// The statement's words and punctuation from start to its top-level semicolon; quoted text
// and comments are skipped.
std::vector<Token> tokens_of_statement(std::string_view text, uint32_t start) {
    std::vector<Token> tokens;
    int depth = 0;
    size_t i = start;
    while (i < text.size()) {
        size_t skipped = skip_quoted_or_comment(text, i);
        if (skipped != i) {
            i = skipped;
            continue;
        }
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        Token token;
        token.begin = static_cast<uint32_t>(i);
        if (is_word_start(c)) {
            while (i < text.size() && is_word_char(text[i]))
                token.word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++]))));
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < text.size() && (is_word_char(text[i]) || text[i] == '.')) ++i;
        } else {
            token.symbol = c;
            ++i;
            if (c == '(') ++depth;
            if (c == ')') depth = std::max(0, depth - 1);
            if (c == ';' && depth == 0) break;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool is_word(const std::vector<Token>& tokens, size_t index, std::string_view word) {
    return index < tokens.size() && tokens[index].word == word;
}

// PostgreSQL 18 makes GENERATED ALWAYS AS (expression) without STORED a virtual column: an
// older grammar stops right after the expression's parenthesis.
bool stops_after_generated_expression(const std::vector<Token>& tokens, size_t error) {
    for (size_t i = 0; i + 3 < tokens.size() && i + 4 <= error; ++i) {
        if (!is_word(tokens, i, "generated") || !is_word(tokens, i + 1, "always") || !is_word(tokens, i + 2, "as") ||
            tokens[i + 3].symbol != '(')
            continue;
        int depth = 0;
        size_t close = i + 3;
        for (; close < tokens.size(); ++close) {
            if (tokens[close].symbol == '(') ++depth;
            if (tokens[close].symbol == ')' && --depth == 0) break;
        }
        if (close + 1 == error && !is_word(tokens, error, "stored")) return true;
    }
    return false;
}

}  // namespace

int newer_grammar_needed(std::string_view text, uint32_t start, uint32_t error_offset, int grammar) {
    std::vector<Token> tokens = tokens_of_statement(text, start);
    // The token the parser stopped at (the end of the statement for "at end of input").
    size_t error = 0;
    while (error < tokens.size() && tokens[error].begin < error_offset) ++error;
    int needed = 0;
    auto suggest = [&](int version) {
        if (version > grammar) needed = std::max(needed, version);
    };
    if (error < tokens.size())
        suggest(version_of(tokens[error].word, std::begin(kNewerKeywords), std::end(kNewerKeywords)));
    for (const Token& token : tokens)
        suggest(version_of(token.word, std::begin(kNewerConstructs), std::end(kNewerConstructs)));
    // PostgreSQL 17: MERGE ... RETURNING, and WHEN NOT MATCHED BY SOURCE | TARGET.
    if (is_word(tokens, 0, "merge") &&
        (is_word(tokens, error, "returning") ||
         (error >= 2 && is_word(tokens, error, "by") && is_word(tokens, error - 1, "matched") &&
          is_word(tokens, error - 2, "not"))))
        suggest(17);
    // PostgreSQL 18: virtual generated columns by default, and temporal keys.
    if (stops_after_generated_expression(tokens, error)) suggest(18);
    if (is_word(tokens, error, "without") && is_word(tokens, error + 1, "overlaps")) suggest(18);
    return needed;
}

}  // namespace tenant_guard::analyzer
