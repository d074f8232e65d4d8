// Which columns of a policy's own table a USING or WITH CHECK expression references, with
// PostgreSQL's name binding: a column reference binds to the innermost query level whose
// FROM has it. An unqualified name inside a subquery binds to the policy's table only when
// none of the subquery's FROM tables known to the model has that column; a qualified name
// binds to the innermost level that has that table name or alias.
#pragma once

#include <string>
#include <vector>

#include "json_tree.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

std::vector<std::string> policy_table_columns_referenced(json_tree::Node expression,
                                                         const Relation& policy_table,
                                                         const SchemaModel& model);

}  // namespace tenant_guard::analyzer
