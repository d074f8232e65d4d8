#include "commit_boundaries.h"

#include <array>
#include <string>
#include <vector>

#include "sql_lexer.h"

namespace tenant_guard::analyzer {

namespace {

bool is_word_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The first words of a statement, lower-cased, skipping comments and stopping at anything
// that is not a word (a parenthesis, a quote): enough to tell what the statement is.
std::vector<std::string> leading_words(std::string_view text, size_t count) {
    std::vector<std::string> words;
    uint32_t at = 0;
    while (words.size() < count) {
        at = skip_space_and_comments(text, at);
        if (at >= text.size() || !is_word_character(text[at])) break;
        std::string word;
        while (at < text.size() && is_word_character(text[at])) {
            const char c = text[at++];
            word += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
        words.push_back(std::move(word));
    }
    return words;
}

bool refused_in_transaction_block(const std::vector<std::string>& w) {
    auto at = [&](size_t i) -> std::string_view { return i < w.size() ? std::string_view(w[i]) : ""; };
    if (at(0) == "vacuum") return true;
    if ((at(0) == "create" || at(0) == "drop") &&
        (at(1) == "database" || at(1) == "tablespace" || at(1) == "subscription"))
        return true;
    if (at(0) == "alter" && at(1) == "system") return true;
    const size_t index = at(0) == "create" && at(1) == "unique" ? 2 : 1;
    if ((at(0) == "create" || at(0) == "drop") && at(index) == "index" && at(index + 1) == "concurrently")
        return true;
    if (at(0) == "reindex")
        for (const std::string& word : w)
            if (word == "concurrently") return true;
    return false;
}

// Whether text holds, in any case, a word that every statement refused in a transaction block
// has among its leading words (refused_in_transaction_block): most files hold none, and are
// then not split into statements again here.
bool mentions_autocommit_word(std::string_view text) {
    // A byte at a time, with a table for the five first letters: a check per byte of every file.
    static const std::array<bool, 256> kFirstLetter = [] {
        std::array<bool, 256> table{};
        for (char c : std::string_view("vdtscVDTSC")) table[static_cast<unsigned char>(c)] = true;
        return table;
    }();
    auto word_at = [&](size_t at, std::string_view word) {
        if (text.size() - at < word.size()) return false;
        for (size_t i = 1; i < word.size(); ++i)  // ASCII letters to lower case
            if (static_cast<char>(text[at + i] | 0x20) != word[i]) return false;
        return true;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        if (!kFirstLetter[static_cast<unsigned char>(text[i])]) continue;
        switch (text[i] | 0x20) {
            case 'v': if (word_at(i, "vacuum")) return true; break;
            case 'd': if (word_at(i, "database")) return true; break;
            case 't': if (word_at(i, "tablespace")) return true; break;
            case 's': if (word_at(i, "subscription") || word_at(i, "system")) return true; break;
            default: if (word_at(i, "concurrently")) return true; break;
        }
    }
    return false;
}

}  // namespace

std::optional<TransactionMode> parse_transaction_mode(std::string_view name) {
    if (name == "auto") return TransactionMode::Auto;
    if (name == "transaction") return TransactionMode::Transaction;
    if (name == "simple-query") return TransactionMode::SimpleQuery;
    if (name == "statements") return TransactionMode::Statements;
    return std::nullopt;
}

bool needs_autocommit(std::string_view text) {
    if (!mentions_autocommit_word(text)) return false;
    for (const ByteRange& range : split_statements(text))
        if (refused_in_transaction_block(leading_words(text.substr(range.begin, range.end - range.begin), 6)))
            return true;
    return false;
}

TransactionMode resolve_transaction_mode(TransactionMode mode, std::string_view text) {
    if (mode != TransactionMode::Auto) return mode;
    return needs_autocommit(text) ? TransactionMode::Statements : TransactionMode::Transaction;
}

CommitBoundaries::CommitBoundaries(TransactionMode mode)
    : mode_(mode), in_block_(mode != TransactionMode::Statements) {}

bool CommitBoundaries::commits_after(const Node* statement) {
    const TransactionStmt* control = pg::as<TransactionStmt>(statement);
    if (!control) return !in_block_;
    switch (control->kind) {
        case TRANS_STMT_BEGIN:
        case TRANS_STMT_START:
            // In a multi-statement query, BEGIN turns the implicit transaction into an explicit
            // one: what came before it commits with it, not now.
            in_block_ = true;
            return false;
        case TRANS_STMT_COMMIT:
        case TRANS_STMT_ROLLBACK:
        case TRANS_STMT_PREPARE:
            // What follows a simple query's COMMIT is another implicit transaction; elsewhere
            // each statement commits on its own until the next BEGIN.
            in_block_ = mode_ == TransactionMode::SimpleQuery;
            return true;
        default: return false;  // SAVEPOINT, RELEASE, ROLLBACK TO, COMMIT/ROLLBACK PREPARED
    }
}

}  // namespace tenant_guard::analyzer
