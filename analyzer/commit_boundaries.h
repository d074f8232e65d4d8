// Where a migration file's transactions commit, as its migration tool sends it: the guard
// checks at every commit, so the checker must decide at the same points.
//
//   transaction   the tool wraps the file in BEGIN/COMMIT (Supabase CLI, drizzle): one
//                 transaction, unless the file's own COMMIT ends it early; after such a COMMIT
//                 each statement commits on its own until a BEGIN.
//   simple-query  the file is sent as one multi-statement query (Prisma Migrate): an implicit
//                 transaction that the file's own COMMIT or ROLLBACK ends, and the rest after it
//                 another one, committed when the file ends.
//   statements    each statement on its own (autocommit), except between BEGIN and COMMIT.
//   auto          transaction, or statements for a file holding a statement PostgreSQL refuses
//                 inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...), which
//                 its tool must run that way.
//
// A ROLLBACK is a boundary too, but the model keeps what the rolled-back statements did: the
// checker then errs towards reporting.
#pragma once

#include <optional>
#include <string_view>

#include "pg_nodes.h"

namespace tenant_guard::analyzer {

enum class TransactionMode { Auto, Transaction, SimpleQuery, Statements };

std::optional<TransactionMode> parse_transaction_mode(std::string_view name);

// Whether PostgreSQL refuses the statement inside a transaction block (CREATE INDEX
// CONCURRENTLY, VACUUM, CREATE DATABASE, ...), so that a tool must send it on its own.
bool refused_in_transaction_block(const Node* statement);

// The mode a file's tool sends it in: mode itself, or for Auto what the file needs, given
// whether it holds a statement refused_in_transaction_block().
TransactionMode resolve_transaction_mode(TransactionMode mode, bool refuses_transaction_block);

// Follows one file's statements and says after which ones a transaction commits.
class CommitBoundaries {
public:
    // mode: resolved for the file (resolve_transaction_mode).
    explicit CommitBoundaries(TransactionMode mode);

    // Whether a commit follows this statement, given what it is.
    bool commits_after(const Node* statement);
    TransactionMode mode() const { return mode_; }

private:
    TransactionMode mode_;
    bool in_block_;  // inside BEGIN ... COMMIT, or the tool's own transaction
};

}  // namespace tenant_guard::analyzer
