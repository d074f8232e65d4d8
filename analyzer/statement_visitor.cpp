#include "statement_visitor.h"

#include <algorithm>

#include "plpgsql_bodies.h"
#include "policy_expression.h"

namespace tenant_guard::analyzer {

using json_tree::Node;

namespace {

// The last element of a TypeName's names: "text", "varchar", "jsonb", "int4", ...
std::string type_of_column(Node column_definition) {
    Node type_name;
    if (!json_tree::field(column_definition, "typeName", type_name)) return {};
    auto names = json_tree::strings(type_name, "names");
    return names.empty() ? std::string() : std::string(names.back());
}

isolation::PolicyCommand policy_command(std::string_view command_name) {
    if (command_name == "select") return isolation::PolicyCommand::Select;
    if (command_name == "insert") return isolation::PolicyCommand::Insert;
    if (command_name == "update") return isolation::PolicyCommand::Update;
    if (command_name == "delete") return isolation::PolicyCommand::Delete;
    return isolation::PolicyCommand::All;
}

// DROP objects: a List of names [schema.]name for relations, [schema.]table.policy for policies.
std::vector<std::string_view> object_names(Node object) {
    Node list;
    if (json_tree::unwrap_as(object, "List", list)) return json_tree::strings(list, "items");
    Node string;
    if (json_tree::unwrap_as(object, "String", string)) return {json_tree::text(string, "sval")};
    return {};
}

QualifiedName relation_name_from_parts(const std::vector<std::string_view>& parts, size_t count) {
    // The last `count` parts name the relation: [schema.]name.
    QualifiedName name;
    if (count == 0 || parts.size() < count) return name;
    size_t first = parts.size() - count;
    name.name = std::string(parts.back());
    if (count >= 2) name.schema = std::string(parts[first]);
    return name;
}

// The relation that ATTACH/DETACH PARTITION (a PartitionCmd) or INHERIT/NO INHERIT (a
// RangeVar) names besides the altered table.
bool other_relation_of(std::string_view subtype, Node definition, Node& range_var) {
    if (subtype == "AT_AttachPartition" || subtype == "AT_DetachPartition") {
        Node partition_command;
        return json_tree::unwrap_as(definition, "PartitionCmd", partition_command) &&
               json_tree::field(partition_command, "name", range_var);
    }
    return json_tree::unwrap_as(definition, "RangeVar", range_var);
}

bool is_relation_object(std::string_view object_type) {
    return object_type == "OBJECT_TABLE" || object_type == "OBJECT_VIEW" ||
           object_type == "OBJECT_MATVIEW" || object_type == "OBJECT_FOREIGN_TABLE";
}

}  // namespace

QualifiedName qualified_name_of_range_var(Node range_var) {
    return QualifiedName{std::string(json_tree::text(range_var, "schemaname")),
                         std::string(json_tree::text(range_var, "relname"))};
}

StatementVisitor::StatementVisitor(SchemaModel& model, Facts& facts) : model_(model), facts_(facts) {}

Location StatementVisitor::location_of(Node node, const StatementContext& context) const {
    if (!context.exact_locations) return {context.file, context.fallback_offset};
    int64_t location = json_tree::integer(node, "location", -1);
    if (location < 0) return statement_location(context);
    return {context.file, context.location_base + static_cast<uint32_t>(location)};
}

Location StatementVisitor::statement_location(const StatementContext& context) const {
    return {context.file, context.exact_locations ? context.start : context.fallback_offset};
}

bool StatementVisitor::created_in_this_file(const Relation* relation,
                                            const StatementContext& context) const {
    return relation && relation->created_file == context.file;
}

void StatementVisitor::record_destructive(const StatementContext& context, std::string description,
                                          std::string table) {
    DestructiveChange change;
    change.statement = context.statement;
    change.location = statement_location(context);
    change.description = std::move(description);
    change.table = std::move(table);
    change.file = context.file;
    facts_.destructive_changes.push_back(std::move(change));
}

void StatementVisitor::record_dynamic_sql(const StatementContext& context, uint32_t offset,
                                          std::string description) {
    facts_.dynamic_sql.push_back({context.statement, {context.file, offset}, std::move(description)});
}

std::string StatementVisitor::display_name(const QualifiedName& name) const {
    if (Relation* relation = model_.find(name)) return relation->qualified_name();
    return (name.schema.empty() ? model_.creation_schema(false) : name.schema) + "." + name.name;
}

void StatementVisitor::visit(std::string_view type, Node body, const StatementContext& context) {
    ++facts_.parsed_statements;
    if (type == "CreateStmt") create_table(body, context, RelationKind::Table);
    else if (type == "CreateForeignTableStmt") {
        Node base;
        if (json_tree::field(body, "base", base)) create_table(base, context, RelationKind::ForeignTable);
    } else if (type == "CreateTableAsStmt") {
        Node into, query;
        if (json_tree::field(body, "into", into) && json_tree::field(body, "query", query))
            create_table_as(into, query, json_tree::text(body, "objtype") == "OBJECT_MATVIEW", context);
    } else if (type == "AlterTableStmt") alter_table(body, context);
    else if (type == "RenameStmt") rename(body, context);
    else if (type == "AlterObjectSchemaStmt") alter_object_schema(body, context);
    else if (type == "DropStmt") drop(body, context);
    else if (type == "CreatePolicyStmt") create_policy(body, context);
    else if (type == "AlterPolicyStmt") alter_policy(body, context);
    else if (type == "CreateSchemaStmt") create_schema(body, context);
    else if (type == "ViewStmt") create_view(body, context);
    else if (type == "VariableSetStmt") set_variable(body);
    else if (type == "SelectStmt") select(body, context);
    else if (type == "TruncateStmt") truncate(body, context);
    else if (type == "DeleteStmt") delete_or_update(body, context, true);
    else if (type == "UpdateStmt") delete_or_update(body, context, false);
    else if (type == "DoStmt") visit_do_block(*this, body, context);
    else if (type == "CreateFunctionStmt") inspect_function_body(*this, body, context);
}

void StatementVisitor::create_table(Node body, const StatementContext& context, RelationKind kind) {
    Node range_var;
    if (!json_tree::field(body, "relation", range_var)) return;
    QualifiedName name = qualified_name_of_range_var(range_var);
    bool temporary = json_tree::text(range_var, "relpersistence") == "t";
    if (json_tree::boolean(body, "if_not_exists") && model_.find(name)) return;
    if (kind == RelationKind::Table && json_tree::has(body, "partspec")) kind = RelationKind::PartitionedTable;
    Origin origin{context.statement, location_of(range_var, context)};
    Relation& relation = model_.create(name, kind, temporary, origin, context.file);
    // Inherited columns come first, as in PostgreSQL; a partition has its parent's columns.
    for (Node parent_node : json_tree::list(body, "inhRelations")) {
        Node parent_range;
        if (!json_tree::unwrap_as(parent_node, "RangeVar", parent_range)) continue;
        Relation* parent = model_.find(qualified_name_of_range_var(parent_range));
        if (!parent || parent == &relation) continue;
        for (const Column& column : parent->columns)
            if (!relation.find_column(column.name)) relation.columns.push_back(column);
        relation.parents.push_back(parent);
        parent->children.push_back(&relation);
    }
    for (Node element : json_tree::list(body, "tableElts")) {
        std::string_view element_type;
        Node element_body;
        if (!json_tree::unwrap(element, element_type, element_body)) continue;
        if (element_type == "ColumnDef") {
            add_column(relation, element_body, context, false);
        } else if (element_type == "TableLikeClause") {
            Node like_range;
            if (!json_tree::field(element_body, "relation", like_range)) continue;
            if (Relation* source = model_.find(qualified_name_of_range_var(like_range))) {
                for (const Column& column : source->columns) {
                    if (relation.find_column(column.name)) continue;
                    relation.columns.push_back({column.name, column.type, origin});
                }
            }
        }
    }
}

namespace {

// The output column names of a SELECT's target list, expanding * from relations the model
// knows. Unknown names become "?column?" as in PostgreSQL.
std::vector<std::string> select_output_columns(Node select, const SchemaModel& model) {
    std::vector<std::string> columns;
    // UNION and friends take their column names from the first branch.
    while (json_tree::text(select, "op") != "SETOP_NONE" && !json_tree::text(select, "op").empty()) {
        Node left;
        if (!json_tree::field(select, "larg", left)) return columns;
        select = left;
    }
    std::vector<std::pair<std::string_view, const Relation*>> from;
    for (Node item : json_tree::list(select, "fromClause")) {
        std::vector<Node> pending{item};
        while (!pending.empty()) {
            Node current = pending.back();
            pending.pop_back();
            std::string_view type;
            Node body;
            if (!json_tree::unwrap(current, type, body)) continue;
            if (type == "RangeVar") {
                Node alias;
                std::string_view visible = json_tree::text(body, "relname");
                if (json_tree::field(body, "alias", alias)) visible = json_tree::text(alias, "aliasname");
                from.emplace_back(visible, model.find(qualified_name_of_range_var(body)));
            } else if (type == "JoinExpr") {
                Node side;
                if (json_tree::field(body, "rarg", side)) pending.push_back(side);
                if (json_tree::field(body, "larg", side)) pending.push_back(side);
            }
        }
    }
    for (Node target : json_tree::list(select, "targetList")) {
        Node result;
        if (!json_tree::unwrap_as(target, "ResTarget", result)) continue;
        std::string_view name = json_tree::text(result, "name");
        if (!name.empty()) {
            columns.emplace_back(name);
            continue;
        }
        Node value;
        if (!json_tree::field(result, "val", value)) continue;
        std::string_view value_type;
        Node value_body;
        if (!json_tree::unwrap(value, value_type, value_body)) continue;
        while (value_type == "TypeCast") {
            Node argument;
            if (!json_tree::field(value_body, "arg", argument) ||
                !json_tree::unwrap(argument, value_type, value_body))
                break;
        }
        if (value_type == "ColumnRef") {
            auto fields = json_tree::strings(value_body, "fields");
            size_t field_count = json_tree::list(value_body, "fields").size();
            if (fields.size() == field_count && !fields.empty()) {
                columns.emplace_back(fields.back());
                continue;
            }
            // A star: every column of every FROM relation, or of the one it qualifies.
            std::string_view qualifier = fields.empty() ? std::string_view() : fields.back();
            for (const auto& [visible, relation] : from) {
                if (!relation || (!qualifier.empty() && visible != qualifier)) continue;
                for (const Column& column : relation->columns) columns.push_back(column.name);
            }
            continue;
        }
        if (value_type == "FuncCall") {
            auto names = json_tree::strings(value_body, "funcname");
            columns.emplace_back(names.empty() ? "?column?" : std::string(names.back()));
            continue;
        }
        columns.emplace_back("?column?");
    }
    return columns;
}

}  // namespace

void StatementVisitor::create_table_as(Node into, Node query, bool materialized,
                                       const StatementContext& context) {
    Node range_var;
    if (!json_tree::field(into, "rel", range_var)) return;
    QualifiedName name = qualified_name_of_range_var(range_var);
    bool temporary = json_tree::text(range_var, "relpersistence") == "t";
    Node select;
    std::vector<std::string> columns;
    if (json_tree::unwrap_as(query, "SelectStmt", select)) columns = select_output_columns(select, model_);
    auto explicit_names = json_tree::strings(into, "colNames");
    for (size_t i = 0; i < explicit_names.size() && i < columns.size(); ++i)
        columns[i] = std::string(explicit_names[i]);
    Origin origin{context.statement, location_of(range_var, context)};
    Relation& relation = model_.create(
        name, materialized ? RelationKind::MaterializedView : RelationKind::Table, temporary,
        origin, context.file);
    for (auto& column : columns) {
        if (!relation.find_column(column)) relation.columns.push_back({std::move(column), "", origin});
    }
}

void StatementVisitor::add_column(Relation& relation, Node column_definition,
                                  const StatementContext& context, bool recurse) {
    std::string_view column_name = json_tree::text(column_definition, "colname");
    if (column_name.empty()) return;
    if (!relation.find_column(column_name)) {
        relation.columns.push_back({std::string(column_name), type_of_column(column_definition),
                                    {context.statement, location_of(column_definition, context)}});
    }
    relation.touch(context.statement);
    if (recurse) {
        for (Relation* child : relation.children) add_column(*child, column_definition, context, true);
    }
}

void StatementVisitor::drop_column(Relation& relation, std::string_view column, bool recurse) {
    auto& columns = relation.columns;
    columns.erase(std::remove_if(columns.begin(), columns.end(),
                                 [&](const Column& c) { return c.name == column; }),
                  columns.end());
    if (recurse) {
        for (Relation* child : relation.children) drop_column(*child, column, true);
    }
}

void StatementVisitor::rename_column(Relation& relation, std::string_view from, const std::string& to,
                                     bool recurse) {
    if (Column* column = relation.find_column(from)) column->name = to;
    // Policies hold column numbers, not names: they follow the rename.
    for (PolicyState& policy : relation.policies) {
        for (auto* names : {&policy.using_columns, &policy.with_check_columns})
            for (std::string& name : *names)
                if (name == from) name = to;
    }
    if (recurse) {
        for (Relation* child : relation.children) rename_column(*child, from, to, true);
    }
}

void StatementVisitor::alter_table(Node body, const StatementContext& context) {
    std::string_view object_type = json_tree::text(body, "objtype");
    if (!is_relation_object(object_type)) return;
    Node range_var;
    if (!json_tree::field(body, "relation", range_var)) return;
    QualifiedName name = qualified_name_of_range_var(range_var);
    Relation* relation = model_.find(name);
    bool recurse = json_tree::boolean(range_var, "inh");  // false for ALTER TABLE ONLY
    for (Node command_node : json_tree::list(body, "cmds")) {
        Node command;
        if (!json_tree::unwrap_as(command_node, "AlterTableCmd", command)) continue;
        std::string_view subtype = json_tree::text(command, "subtype");
        std::string_view column = json_tree::text(command, "name");
        Node definition;
        bool has_definition = json_tree::field(command, "def", definition);
        if (subtype == "AT_AddColumn" || subtype == "AT_AddColumnRecurse") {
            Node column_definition;
            if (relation && has_definition && json_tree::unwrap_as(definition, "ColumnDef", column_definition))
                add_column(*relation, column_definition, context, recurse);
        } else if (subtype == "AT_DropColumn" || subtype == "AT_DropColumnRecurse") {
            const Column* existing = relation ? relation->find_column(column) : nullptr;
            bool new_column = existing && existing->defined.location.file == context.file;
            if (!new_column && !(existing == nullptr && json_tree::boolean(command, "missing_ok") && relation))
                record_destructive(context, "DROP COLUMN " + display_name(name) + "." + std::string(column),
                                   display_name(name));
            if (relation) {
                drop_column(*relation, column, recurse);
                // PostgreSQL refuses to drop a column that a policy uses, unless CASCADE,
                // which drops those policies with it.
                if (json_tree::text(command, "behavior") == "DROP_CASCADE") {
                    auto& policies = relation->policies;
                    auto uses_column = [&](const PolicyState& policy) {
                        for (const auto* names : {&policy.using_columns, &policy.with_check_columns})
                            for (const std::string& name : *names)
                                if (name == column) return true;
                        return false;
                    };
                    policies.erase(std::remove_if(policies.begin(), policies.end(), uses_column), policies.end());
                }
                relation->touch(context.statement);
            }
        } else if (subtype == "AT_AlterColumnType") {
            Column* existing = relation ? relation->find_column(column) : nullptr;
            if (!(existing && existing->defined.location.file == context.file))
                record_destructive(context,
                                   "ALTER COLUMN " + display_name(name) + "." + std::string(column) + " TYPE",
                                   display_name(name));
            Node column_definition;
            if (existing && has_definition && json_tree::unwrap_as(definition, "ColumnDef", column_definition))
                existing->type = type_of_column(column_definition);
        } else if (subtype == "AT_EnableRowSecurity" || subtype == "AT_DisableRowSecurity") {
            if (relation) {
                relation->row_level_security = subtype == "AT_EnableRowSecurity";
                relation->touch(context.statement);
            }
        } else if (subtype == "AT_AttachPartition" || subtype == "AT_AddInherit" ||
                   subtype == "AT_DetachPartition" || subtype == "AT_DropInherit") {
            Node other_range;
            if (!has_definition || !other_relation_of(subtype, definition, other_range)) continue;
            Relation* other = model_.find(qualified_name_of_range_var(other_range));
            // (DE)ATTACH PARTITION names the child; (NO) INHERIT names the parent.
            bool names_child = subtype == "AT_AttachPartition" || subtype == "AT_DetachPartition";
            Relation* parent = names_child ? relation : other;
            Relation* child = names_child ? other : relation;
            if (!parent || !child || parent == child) continue;
            if (subtype == "AT_AttachPartition" || subtype == "AT_AddInherit") {
                parent->children.push_back(child);
                child->parents.push_back(parent);
            } else {
                auto& children = parent->children;
                children.erase(std::remove(children.begin(), children.end(), child), children.end());
                auto& parents = child->parents;
                parents.erase(std::remove(parents.begin(), parents.end(), parent), parents.end());
            }
            child->touch(context.statement);
        }
    }
}

void StatementVisitor::rename(Node body, const StatementContext& context) {
    std::string_view rename_type = json_tree::text(body, "renameType");
    std::string new_name(json_tree::text(body, "newname"));
    if (rename_type == "OBJECT_SCHEMA") {
        std::string old_schema(json_tree::text(body, "subname"));
        std::vector<Relation*> moving;
        model_.for_each_relation([&](const Relation& relation) {
            if (relation.schema == old_schema) moving.push_back(const_cast<Relation*>(&relation));
        });
        for (Relation* relation : moving) {
            model_.set_schema(relation, new_name);
            relation->touch(context.statement);
        }
        uint32_t created = model_.schema_created_file(old_schema);
        if (created != UINT32_MAX) model_.note_schema_created(new_name, created);
        return;
    }
    Node range_var;
    if (!json_tree::field(body, "relation", range_var)) return;
    Relation* relation = model_.find(qualified_name_of_range_var(range_var));
    if (!relation) return;
    if (is_relation_object(rename_type)) {
        model_.rename(relation, new_name);
    } else if (rename_type == "OBJECT_COLUMN") {
        rename_column(*relation, json_tree::text(body, "subname"), new_name,
                      json_tree::boolean(range_var, "inh"));
    } else if (rename_type == "OBJECT_POLICY") {
        if (PolicyState* policy = relation->find_policy(json_tree::text(body, "subname")))
            policy->name = new_name;
    } else {
        return;
    }
    relation->touch(context.statement);
}

void StatementVisitor::alter_object_schema(Node body, const StatementContext& context) {
    if (!is_relation_object(json_tree::text(body, "objectType"))) return;
    Node range_var;
    if (!json_tree::field(body, "relation", range_var)) return;
    if (Relation* relation = model_.find(qualified_name_of_range_var(range_var))) {
        model_.set_schema(relation, std::string(json_tree::text(body, "newschema")));
        relation->touch(context.statement);
    }
}

void StatementVisitor::drop(Node body, const StatementContext& context) {
    std::string_view remove_type = json_tree::text(body, "removeType");
    bool cascade = json_tree::text(body, "behavior") == "DROP_CASCADE";
    bool missing_ok = json_tree::boolean(body, "missing_ok");
    for (Node object : json_tree::list(body, "objects")) {
        std::vector<std::string_view> parts = object_names(object);
        if (parts.empty()) continue;
        if (is_relation_object(remove_type)) {
            QualifiedName name = relation_name_from_parts(parts, std::min<size_t>(parts.size(), 2));
            Relation* relation = model_.find(name);
            if (remove_type == "OBJECT_TABLE" && !created_in_this_file(relation, context))
                record_destructive(context, "DROP TABLE " + display_name(name), display_name(name));
            if (relation) model_.drop(relation, cascade);
        } else if (remove_type == "OBJECT_SCHEMA") {
            std::string schema(parts.back());
            if (model_.schema_created_file(schema) != context.file)
                record_destructive(context, "DROP SCHEMA " + schema, "");
            model_.drop_schema(schema);
        } else if (remove_type == "OBJECT_POLICY") {
            if (parts.size() < 2) continue;
            std::vector<std::string_view> table_parts(parts.begin(), parts.end() - 1);
            QualifiedName table_name =
                relation_name_from_parts(table_parts, std::min<size_t>(table_parts.size(), 2));
            Relation* relation = model_.find(table_name);
            std::string_view policy_name = parts.back();
            PolicyState* policy = relation ? relation->find_policy(policy_name) : nullptr;
            bool new_policy = policy && policy->created_file == context.file;
            bool absent_and_allowed = relation && !policy && missing_ok;
            if (!new_policy && !absent_and_allowed) {
                record_destructive(context,
                                   "DROP POLICY " + std::string(policy_name) + " ON " + display_name(table_name),
                                   display_name(table_name));
                facts_.destructive_changes.back().dropped_policy = std::string(policy_name);
            }
            if (relation) {
                auto& policies = relation->policies;
                policies.erase(std::remove_if(policies.begin(), policies.end(),
                                              [&](const PolicyState& p) { return p.name == policy_name; }),
                               policies.end());
                relation->touch(context.statement);
            }
        }
    }
}

void StatementVisitor::analyse_policy_expressions(Relation& relation, PolicyState& policy, Node body) {
    Node expression;
    if (json_tree::field(body, "qual", expression)) {
        policy.has_using = true;
        policy.using_columns = policy_table_columns_referenced(expression, relation, model_);
    }
    if (json_tree::field(body, "with_check", expression)) {
        policy.has_with_check = true;
        policy.with_check_columns = policy_table_columns_referenced(expression, relation, model_);
    }
}

void StatementVisitor::create_policy(Node body, const StatementContext& context) {
    Node range_var;
    if (!json_tree::field(body, "table", range_var)) return;
    Relation* relation = model_.find(qualified_name_of_range_var(range_var));
    if (!relation) return;
    std::string name(json_tree::text(body, "policy_name"));
    auto& policies = relation->policies;
    policies.erase(std::remove_if(policies.begin(), policies.end(),
                                  [&](const PolicyState& p) { return p.name == name; }),
                   policies.end());
    // Re-creating a policy that this file dropped: the drop was a replacement, not a loss.
    for (auto change = facts_.destructive_changes.rbegin(); change != facts_.destructive_changes.rend(); ++change) {
        if (change->file != context.file) break;
        if (change->dropped_policy == name && change->table == relation->qualified_name()) change->withdrawn = true;
    }
    PolicyState policy;
    policy.name = std::move(name);
    policy.command = policy_command(json_tree::text(body, "cmd_name"));
    policy.permissive = json_tree::boolean(body, "permissive");
    policy.defined = {context.statement, statement_location(context)};
    policy.created_file = context.file;
    analyse_policy_expressions(*relation, policy, body);
    policies.push_back(std::move(policy));
    relation->touch(context.statement);
}

void StatementVisitor::alter_policy(Node body, const StatementContext& context) {
    Node range_var;
    if (!json_tree::field(body, "table", range_var)) return;
    Relation* relation = model_.find(qualified_name_of_range_var(range_var));
    if (!relation) return;
    PolicyState* policy = relation->find_policy(json_tree::text(body, "policy_name"));
    if (!policy) return;
    if (json_tree::has(body, "qual") || json_tree::has(body, "with_check")) {
        analyse_policy_expressions(*relation, *policy, body);
        policy->defined = {context.statement, statement_location(context)};
    }
    relation->touch(context.statement);
}

void StatementVisitor::create_schema(Node body, const StatementContext& context) {
    std::string schema(json_tree::text(body, "schemaname"));
    if (schema.empty()) return;  // CREATE SCHEMA AUTHORIZATION role: named after the role
    if (!(json_tree::boolean(body, "if_not_exists") && model_.schema_created_file(schema) != UINT32_MAX))
        model_.note_schema_created(schema, context.file);
    auto elements = json_tree::list(body, "schemaElts");
    if (elements.size() == 0) return;
    // Elements of CREATE SCHEMA are created in that schema.
    std::vector<std::string> saved = model_.search_path();
    model_.set_search_path({schema});
    for (Node element : elements) {
        std::string_view type;
        Node element_body;
        if (json_tree::unwrap(element, type, element_body)) visit(type, element_body, context);
    }
    model_.set_search_path(std::move(saved));
}

void StatementVisitor::create_view(Node body, const StatementContext& context) {
    Node range_var;
    if (!json_tree::field(body, "view", range_var)) return;
    bool temporary = json_tree::text(range_var, "relpersistence") == "t";
    model_.create(qualified_name_of_range_var(range_var), RelationKind::View, temporary,
                  {context.statement, location_of(range_var, context)}, context.file);
}

void StatementVisitor::set_variable(Node body) {
    if (json_tree::text(body, "name") != "search_path") {
        if (json_tree::text(body, "kind") == "VAR_RESET_ALL") model_.reset_search_path();
        return;
    }
    std::string_view kind = json_tree::text(body, "kind");
    if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
        model_.reset_search_path();
        return;
    }
    if (kind != "VAR_SET_VALUE") return;
    // SET quotes each element, so 'App' and "App" both name the schema App exactly.
    std::vector<std::string> schemas;
    for (Node argument : json_tree::list(body, "args")) {
        std::string_view value;
        if (json_tree::string_constant(argument, value)) schemas.emplace_back(value);
    }
    model_.set_search_path(std::move(schemas));
}

void StatementVisitor::select(Node body, const StatementContext& context) {
    Node into;
    if (json_tree::field(body, "intoClause", into)) {
        // SELECT ... INTO creates a table like CREATE TABLE AS; the query is this statement.
        Node range_var;
        if (!json_tree::field(into, "rel", range_var)) return;
        Origin origin{context.statement, location_of(range_var, context)};
        std::vector<std::string> columns = select_output_columns(body, model_);
        Relation& relation = model_.create(qualified_name_of_range_var(range_var), RelationKind::Table,
                                           json_tree::text(range_var, "relpersistence") == "t",
                                           origin, context.file);
        for (auto& column : columns)
            if (!relation.find_column(column)) relation.columns.push_back({std::move(column), "", origin});
        return;
    }
    // set_config('search_path', ...) and tenant_guard.exempt(...) / unexempt(...) called from a SELECT.
    for (Node target : json_tree::list(body, "targetList")) {
        Node result, value, call;
        if (!json_tree::unwrap_as(target, "ResTarget", result) || !json_tree::field(result, "val", value) ||
            !json_tree::unwrap_as(value, "FuncCall", call))
            continue;
        auto function = json_tree::strings(call, "funcname");
        if (function.empty()) continue;
        auto arguments = json_tree::list(call, "args");
        std::vector<std::string_view> constants;
        for (Node argument : arguments) {
            std::string_view constant;
            constants.push_back(json_tree::string_constant(argument, constant) ? constant : std::string_view());
        }
        if (function.back() == "set_config" && constants.size() >= 2 && constants[0] == "search_path") {
            model_.set_search_path(fold_identifier_list(constants[1]));
        } else if ((function.back() == "exempt" || function.back() == "unexempt") && function.size() == 2 &&
                   function[0] == "tenant_guard" && !constants.empty()) {
            auto parts = fold_identifier_list(constants[0], '.');
            if (parts.empty()) continue;
            QualifiedName name{parts.size() >= 2 ? parts[parts.size() - 2] : "", parts.back()};
            Relation* relation = model_.find(name);
            if (!relation) continue;
            if (function.back() == "exempt")
                relation->exemption = ExemptionState{
                    std::string(constants.size() >= 2 ? constants[1] : std::string_view()),
                    Origin{context.statement, {context.file, context.start}}};
            else
                relation->exemption.reset();
            relation->touch(context.statement);
        }
    }
}

void StatementVisitor::truncate(Node body, const StatementContext& context) {
    for (Node item : json_tree::list(body, "relations")) {
        Node range_var;
        if (!json_tree::unwrap_as(item, "RangeVar", range_var)) continue;
        QualifiedName name = qualified_name_of_range_var(range_var);
        if (!created_in_this_file(model_.find(name), context))
            record_destructive(context, "TRUNCATE " + display_name(name), display_name(name));
    }
}

void StatementVisitor::delete_or_update(Node body, const StatementContext& context, bool is_delete) {
    if (json_tree::has(body, "whereClause")) return;
    Node range_var;
    if (!json_tree::field(body, "relation", range_var)) return;
    QualifiedName name = qualified_name_of_range_var(range_var);
    if (created_in_this_file(model_.find(name), context)) return;
    record_destructive(context,
                       std::string(is_delete ? "DELETE" : "UPDATE") + " without WHERE on " + display_name(name),
                       display_name(name));
}

}  // namespace tenant_guard::analyzer
