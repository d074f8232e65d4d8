// Names read from parse tree nodes, as the schema model and the rules both need them.
#pragma once

#include <string_view>
#include <vector>

#include "pg_nodes.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

QualifiedName qualified_name_of_range_var(const RangeVar& range_var);

// The sval of each String of a list (names, fields, items), skipping anything else.
std::vector<std::string_view> strings_of(const List* list);

// A DROP's object: a List of names ([schema.]name for relations, [schema.]table.policy for
// policies), a single String (a schema), or a TypeName (DROP TYPE, DROP DOMAIN).
std::vector<std::string_view> object_names(const Node* object);

// The relation named by the last `count` parts: [schema.]name.
QualifiedName relation_name_from_parts(const std::vector<std::string_view>& parts, size_t count);

// A table, view, materialized view or foreign table: what ALTER TABLE, RENAME and DROP of a
// relation name.
bool is_relation_object(ObjectType object_type);

}  // namespace tenant_guard::analyzer
