#include "commit_boundaries.h"

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

}  // namespace

std::optional<TransactionMode> parse_transaction_mode(std::string_view name) {
    if (name == "auto") return TransactionMode::Auto;
    if (name == "transaction") return TransactionMode::Transaction;
    if (name == "simple-query") return TransactionMode::SimpleQuery;
    if (name == "statements") return TransactionMode::Statements;
    return std::nullopt;
}

bool needs_autocommit(std::string_view text) {
    for (const ByteRange& range : split_statements(text))
        if (refused_in_transaction_block(leading_words(text.substr(range.begin, range.end - range.begin), 6)))
            return true;
    return false;
}

CommitBoundaries::CommitBoundaries(TransactionMode mode, std::string_view text) : mode_(mode) {
    if (mode_ == TransactionMode::Auto)
        mode_ = needs_autocommit(text) ? TransactionMode::Statements : TransactionMode::Transaction;
    in_block_ = mode_ != TransactionMode::Statements;
}

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
