// A policy's USING or WITH CHECK expression, reduced to what core/'s isolation rule judges.
// This is the one place that reads policy expressions: a richer rule widens the description
// here, and nowhere else.
//
// Today the description is which columns of the policy's own table the expression references,
// with PostgreSQL's name binding: a column reference binds to the innermost query level whose
// FROM has it. An unqualified name inside a subquery binds to the policy's table only when
// none of the subquery's FROM tables known to the model has that column; a qualified name
// binds to the innermost level that has that table name or alias.
#pragma once

#include <string>
#include <vector>

#include "schema_model.h"

struct Node;

namespace tenant_guard::analyzer {

PolicyExpression describe_policy_expression(const Node* expression, const Relation& policy_table,
                                            const SchemaModel& model);

}  // namespace tenant_guard::analyzer
