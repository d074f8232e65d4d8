#include "tree_names.h"

namespace tenant_guard::analyzer {

std::vector<std::string_view> strings_of(const List* list) {
    std::vector<std::string_view> values;
    for (const Node* item : pg::items(list))
        if (pg::as<String>(item)) values.push_back(pg::string_value(item));
    return values;
}

std::vector<std::string_view> object_names(const Node* object) {
    if (const List* list = pg::as<List>(object)) return strings_of(list);
    if (pg::as<String>(object)) return {pg::string_value(object)};
    if (const TypeName* type = pg::as<TypeName>(object)) return strings_of(type->names);
    return {};
}

QualifiedName relation_name_from_parts(const std::vector<std::string_view>& parts, size_t count) {
    QualifiedName name;
    if (count == 0 || parts.size() < count) return name;
    size_t first = parts.size() - count;
    name.name = std::string(parts.back());
    if (count >= 2) name.schema = std::string(parts[first]);
    return name;
}

bool is_relation_object(ObjectType object_type) {
    return object_type == OBJECT_TABLE || object_type == OBJECT_VIEW || object_type == OBJECT_MATVIEW ||
           object_type == OBJECT_FOREIGN_TABLE;
}

QualifiedName qualified_name_of_range_var(const RangeVar& range_var) {
    return QualifiedName{std::string(pg::text(range_var.schemaname)), std::string(pg::text(range_var.relname))};
}

}  // namespace tenant_guard::analyzer
