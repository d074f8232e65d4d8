// PL/pgSQL bodies, read with libpg_query's PL/pgSQL parser. A DO block runs during the
// migration: its static SQL (and EXECUTE of a constant string) is applied to the schema model
// like top-level statements, and its other EXECUTEs are SQL that only exists at run time. A
// function's body runs when it is called: where a migration calls it, its SQL is applied like
// a DO block's (read_called_function); otherwise only its EXECUTEs are of interest.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pg_nodes.h"
#include "schema_model.h"
#include "source_file.h"
#include "statement_context.h"

namespace tenant_guard::analyzer {

struct PlpgsqlStatement {
    enum class Kind { StaticSql, Execute };
    Kind kind = Kind::StaticSql;
    std::string query;         // the SQL, or EXECUTE's expression as written
    StatementContext context;  // where the SQL's statements are (StaticSql, constant EXECUTE)
    uint32_t offset = 0;       // Execute: file offset of the EXECUTE keyword
    // Execute of a constant string in a DO block, short of the nesting limit: the SQL it runs,
    // which is static SQL in disguise.
    std::optional<std::string> constant_sql;
};

struct PlpgsqlBody {
    // Why the body could not be read; empty when it was read, or not attempted (another
    // language, nesting too deep).
    std::string error;
    std::vector<PlpgsqlStatement> statements;  // in the body's order
};

// A DO block's body (PL/pgSQL unless it names another language).
PlpgsqlBody read_do_block(const DoStmt& statement, const StatementContext& context, const SourceFile& file);

// A PL/pgSQL function's body as written; empty for a function in another language.
std::string_view plpgsql_function_code(const CreateFunctionStmt& statement);

// A PL/pgSQL or SQL function's body as written; nullopt for another language, or a body in
// SQL-standard form (BEGIN ATOMIC, which admits no DDL).
std::optional<FunctionCode> function_code_of(const CreateFunctionStmt& statement);

// The SQL that a function runs when a statement calls it (PL/pgSQL: as a DO block's body; SQL:
// its statements), each placed at the call.
PlpgsqlBody read_called_function(const FunctionCode& function, const StatementContext& call, const SourceFile& file);

// A PL/pgSQL function's EXECUTE statements. A body without the word EXECUTE has none and is
// not parsed, which would cost more than the rest of the statement.
PlpgsqlBody read_function_executes(const CreateFunctionStmt& statement, const StatementContext& context,
                                   const SourceFile& file);

// Parses, on the calling thread, the SQL that a DO block's body runs now (its static SQL and
// constant EXECUTEs) and calls on_statement for each of its statements, in order, while its
// tree exists.
void for_each_statement_run(const PlpgsqlBody& body,
                            const std::function<void(const Node*, const StatementContext&)>& on_statement);

}  // namespace tenant_guard::analyzer
