// PL/pgSQL bodies, read with libpg_query's PL/pgSQL parser. A DO block runs during the
// migration, so its static SQL is applied to the schema model like top-level statements
// and each EXECUTE of a built string is reported as unverifiable. A function body does not
// run at migration time: only its EXECUTEs that build DDL are reported.
#pragma once

#include "pg_nodes.h"
#include "statement_visitor.h"

namespace tenant_guard::analyzer {

void visit_do_block(StatementVisitor& visitor, const DoStmt& do_statement, const StatementContext& context);
void inspect_function_body(StatementVisitor& visitor, const CreateFunctionStmt& create_function,
                           const StatementContext& context);

}  // namespace tenant_guard::analyzer
