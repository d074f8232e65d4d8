// Which columns of the policy's own table a USING or WITH CHECK expression references, at any
// depth: what renaming or dropping a column must follow (what the isolation rule judges is
// policy_reduction.h's). PostgreSQL's name binding applies: a column reference binds to the innermost query level whose
// FROM has it. An unqualified name inside a subquery binds to the policy's table only when
// none of the subquery's FROM tables known to the model has that column; a qualified name
// binds to the innermost level that has that table name or alias.
#pragma once

#include <string>
#include <vector>

#include "schema_model.h"

struct Node;

namespace tenant_guard::analyzer {

std::vector<std::string> policy_table_columns(const Node* expression, const Relation& policy_table,
                                            const SchemaModel& model);

}  // namespace tenant_guard::analyzer
