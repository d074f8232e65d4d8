#include "commit_boundaries.h"

#include <string_view>

namespace tenant_guard::analyzer {

namespace {

// Whether a REINDEX option list asks for CONCURRENTLY (REINDEX TABLE CONCURRENTLY t gives it
// without a value, REINDEX (CONCURRENTLY [true|false]) TABLE t with one).
bool reindexes_concurrently(const List* options) {
    for (const Node* item : pg::items(options)) {
        const DefElem* option = pg::as<DefElem>(item);
        if (!option || pg::text(option->defname) != "concurrently") continue;
        if (!option->arg) return true;
        const std::string_view value = pg::as<String>(option->arg) ? pg::string_value(option->arg) : "true";
        return value != "false" && value != "off" && value != "0";
    }
    return false;
}

}  // namespace

bool refused_in_transaction_block(const Node* statement) {
    switch (pg::tag(statement)) {
        case T_IndexStmt: return pg::as<IndexStmt>(statement)->concurrent;
        case T_DropStmt: return pg::as<DropStmt>(statement)->concurrent;
        case T_ReindexStmt: return reindexes_concurrently(pg::as<ReindexStmt>(statement)->params);
        case T_VacuumStmt: return pg::as<VacuumStmt>(statement)->is_vacuumcmd;  // not ANALYZE
        case T_DiscardStmt: return pg::as<DiscardStmt>(statement)->target == DISCARD_ALL;
        case T_CreatedbStmt:
        case T_DropdbStmt:
        case T_CreateTableSpaceStmt:
        case T_DropTableSpaceStmt:
        case T_AlterSystemStmt:
        // With a replication slot, the default (PostgreSQL refuses them only then).
        case T_CreateSubscriptionStmt:
        case T_DropSubscriptionStmt: return true;
        default: return false;
    }
}

std::optional<TransactionMode> parse_transaction_mode(std::string_view name) {
    if (name == "auto") return TransactionMode::Auto;
    if (name == "transaction") return TransactionMode::Transaction;
    if (name == "simple-query") return TransactionMode::SimpleQuery;
    if (name == "statements") return TransactionMode::Statements;
    return std::nullopt;
}

TransactionMode resolve_transaction_mode(TransactionMode mode, bool refuses_transaction_block) {
    if (mode != TransactionMode::Auto) return mode;
    return refuses_transaction_block ? TransactionMode::Statements : TransactionMode::Transaction;
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
