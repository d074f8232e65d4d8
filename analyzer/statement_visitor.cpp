#include "statement_visitor.h"

#include <algorithm>
#include <set>

#include "plpgsql_bodies.h"
#include "policy_expression.h"
#include "policy_reduction.h"
#include "sql_lexer.h"
#include "tree_names.h"

namespace tenant_guard::analyzer {

namespace {

// The last element of a TypeName's names: "text", "varchar", "jsonb", "int4", ...
SharedText type_of_column(const ColumnDef& column_definition) {
    if (!column_definition.typeName) return {};
    std::string_view last;
    for (const Node* name : pg::items(column_definition.typeName->names))
        if (pg::as<String>(name)) last = pg::string_value(name);
    return last;
}

isolation::PolicyCommand policy_command(std::string_view command_name) {
    if (command_name == "select") return isolation::PolicyCommand::Select;
    if (command_name == "insert") return isolation::PolicyCommand::Insert;
    if (command_name == "update") return isolation::PolicyCommand::Update;
    if (command_name == "delete") return isolation::PolicyCommand::Delete;
    return isolation::PolicyCommand::All;
}

// The relation that ATTACH/DETACH PARTITION (a PartitionCmd) or INHERIT/NO INHERIT (a
// RangeVar) names besides the altered table.
const RangeVar* other_relation_of(AlterTableType subtype, const Node* definition) {
    if (subtype == AT_AttachPartition || subtype == AT_DetachPartition) {
        const PartitionCmd* partition_command = pg::as<PartitionCmd>(definition);
        return partition_command ? partition_command->name : nullptr;
    }
    return pg::as<RangeVar>(definition);
}

// The string of an A_Const, possibly wrapped in a TypeCast ('x'::regclass); false if none.
bool string_constant(const Node* expression, std::string_view& value) {
    if (const TypeCast* cast = pg::as<TypeCast>(expression)) return string_constant(cast->arg, value);
    const A_Const* constant = pg::as<A_Const>(expression);
    if (!constant || constant->isnull || !pg::as<String>(&constant->val)) return false;
    value = pg::text(constant->val.sval.sval);
    return true;
}

// pg_class.h's RELPERSISTENCE_TEMP.
bool is_temporary(const RangeVar& range_var) { return range_var.relpersistence == 't'; }

// What the policy reduction asks of the model: relations named in subqueries, and where an
// unqualified function call goes.
class ModelScope : public ReductionScope {
public:
    explicit ModelScope(const SchemaModel& model) : model_(model) {}
    std::optional<ResolvedRelation> relation(const std::string& schema, const std::string& name) const override {
        const Relation* found = model_.find({schema, name});
        if (!found) return std::nullopt;
        ResolvedRelation out;
        for (const Column& column : found->columns) out.columns.push_back(column.name.str());
        out.temporary = found->temporary;
        return out;
    }
    ResolvedFunction function(const std::string& name, std::size_t) const override {
        // Functions the inputs do not create are taken for pg_catalog's: the checker has no
        // catalog of its own, and PostgreSQL searches pg_catalog first.
        std::string schema = model_.function_schema(name);
        if (schema.empty()) return {};
        return {ResolvedFunction::Origin::Defined, std::move(schema)};
    }

private:
    const SchemaModel& model_;
};

void rename_in(isolation::v2::Expression& expression, std::string_view from, const std::string& to) {
    for (std::string& column : expression.columns)
        if (column == from) column = to;
    for (isolation::v2::Expression& operand : expression.operands) rename_in(operand, from, to);
}

// The relations a query names, through joins, subqueries, CTEs and set operations: what a
// view reads. (A CTE's own name may be collected too; it resolves to no relation.)
void collect_range_vars(const Node* node, std::vector<QualifiedName>& out) {
    auto each = [&](const List* list) {
        for (const Node* item : pg::items(list)) collect_range_vars(item, out);
    };
    switch (pg::tag(node)) {
        case T_RangeVar: out.push_back(qualified_name_of_range_var(*pg::as<RangeVar>(node))); break;
        case T_List: each(reinterpret_cast<const List*>(node)); break;
        case T_SelectStmt: {
            const SelectStmt* select = pg::as<SelectStmt>(node);
            each(select->fromClause);
            each(select->targetList);
            collect_range_vars(select->whereClause, out);
            collect_range_vars(select->havingClause, out);
            if (select->withClause) each(select->withClause->ctes);
            collect_range_vars(reinterpret_cast<const Node*>(select->larg), out);
            collect_range_vars(reinterpret_cast<const Node*>(select->rarg), out);
            break;
        }
        case T_CommonTableExpr: collect_range_vars(pg::as<CommonTableExpr>(node)->ctequery, out); break;
        case T_JoinExpr: {
            const JoinExpr* join = pg::as<JoinExpr>(node);
            collect_range_vars(join->larg, out);
            collect_range_vars(join->rarg, out);
            collect_range_vars(join->quals, out);
            break;
        }
        case T_RangeSubselect: collect_range_vars(pg::as<RangeSubselect>(node)->subquery, out); break;
        case T_RangeFunction: each(pg::as<RangeFunction>(node)->functions); break;
        case T_SubLink: {
            const SubLink* link = pg::as<SubLink>(node);
            collect_range_vars(link->testexpr, out);
            collect_range_vars(link->subselect, out);
            break;
        }
        case T_ResTarget: collect_range_vars(pg::as<ResTarget>(node)->val, out); break;
        case T_A_Expr: {
            const A_Expr* expression = pg::as<A_Expr>(node);
            collect_range_vars(expression->lexpr, out);
            collect_range_vars(expression->rexpr, out);
            break;
        }
        case T_BoolExpr: each(pg::as<BoolExpr>(node)->args); break;
        case T_FuncCall: each(pg::as<FuncCall>(node)->args); break;
        case T_TypeCast: collect_range_vars(pg::as<TypeCast>(node)->arg, out); break;
        case T_NullTest: collect_range_vars(reinterpret_cast<const Node*>(pg::as<NullTest>(node)->arg), out); break;
        case T_CaseExpr: {
            const CaseExpr* expression = pg::as<CaseExpr>(node);
            collect_range_vars(reinterpret_cast<const Node*>(expression->arg), out);
            each(expression->args);
            collect_range_vars(reinterpret_cast<const Node*>(expression->defresult), out);
            break;
        }
        case T_CaseWhen: {
            const CaseWhen* when = pg::as<CaseWhen>(node);
            collect_range_vars(reinterpret_cast<const Node*>(when->expr), out);
            collect_range_vars(reinterpret_cast<const Node*>(when->result), out);
            break;
        }
        case T_CoalesceExpr: each(pg::as<CoalesceExpr>(node)->args); break;
        case T_MinMaxExpr: each(pg::as<MinMaxExpr>(node)->args); break;
        case T_A_ArrayExpr: each(pg::as<A_ArrayExpr>(node)->elements); break;
        case T_RowExpr: each(pg::as<RowExpr>(node)->args); break;
        default:
            // JSON_TABLE and the other SQL/JSON nodes of newer grammars: a subquery in their
            // arguments reads relations too.
            pg::walk_version_specific_children(
                node, [&](const auto* child) { collect_range_vars(reinterpret_cast<const Node*>(child), out); });
            break;
    }
}

std::vector<QualifiedName> relations_read(const Node* query) {
    std::vector<QualifiedName> out;
    collect_range_vars(query, out);
    return out;
}

// RESET (..., security_invoker, ...).
bool names_security_invoker(const List* options) {
    for (const Node* item : pg::items(options))
        if (const DefElem* option = pg::as<DefElem>(item); option && pg::text(option->defname) == "security_invoker")
            return true;
    return false;
}

// WITH (security_invoker = true) among a view's options.
bool security_invoker_option(const List* options, bool current) {
    for (const Node* item : pg::items(options)) {
        const DefElem* option = pg::as<DefElem>(item);
        if (!option || pg::text(option->defname) != "security_invoker") continue;
        if (!option->arg) return true;
        std::string_view value = pg::string_value(option->arg);
        if (const Boolean* boolean = pg::as<Boolean>(option->arg)) return boolean->boolval;
        if (const Integer* integer = pg::as<Integer>(option->arg)) return integer->ival != 0;
        current = value == "true" || value == "on" || value == "1" || value == "yes" || value == "t";
    }
    return current;
}

}  // namespace

StatementVisitor::StatementVisitor(SchemaModel& model, std::string migration_role)
    : model_(model), migration_role_(std::move(migration_role)) {}

void StatementVisitor::visit(const Node* statement, const StatementContext& context) {
    ++applied_statements_;
    switch (pg::tag(statement)) {
        case T_CreateStmt:
            create_table(*pg::as<CreateStmt>(statement), context, RelationKind::Table);
            break;
        case T_CreateForeignTableStmt:
            create_table(pg::as<CreateForeignTableStmt>(statement)->base, context, RelationKind::ForeignTable);
            break;
        case T_CreateTableAsStmt: create_table_as(*pg::as<CreateTableAsStmt>(statement), context); break;
        case T_PrepareStmt: prepare(*pg::as<PrepareStmt>(statement), context); break;
        case T_DeallocateStmt:
            if (const char* name = pg::as<DeallocateStmt>(statement)->name) prepared_.erase(std::string(name));
            else prepared_.clear();  // DEALLOCATE ALL
            break;
        case T_DiscardStmt:
            // DISCARD ALL: the session starts over, as the next migration's does.
            if (pg::as<DiscardStmt>(statement)->target == DISCARD_ALL) {
                model_.reset_search_path();
                prepared_.clear();
            }
            break;
        case T_CompositeTypeStmt: create_composite_type(*pg::as<CompositeTypeStmt>(statement), context); break;
        case T_AlterTableStmt: alter_table(*pg::as<AlterTableStmt>(statement), context); break;
        case T_RenameStmt: rename(*pg::as<RenameStmt>(statement), context); break;
        case T_AlterObjectSchemaStmt: alter_object_schema(*pg::as<AlterObjectSchemaStmt>(statement), context); break;
        case T_DropStmt: drop(*pg::as<DropStmt>(statement), context); break;
        case T_CreatePolicyStmt: create_policy(*pg::as<CreatePolicyStmt>(statement), context); break;
        case T_AlterPolicyStmt: alter_policy(*pg::as<AlterPolicyStmt>(statement), context); break;
        case T_CreateSchemaStmt: create_schema(*pg::as<CreateSchemaStmt>(statement), context); break;
        case T_ViewStmt: create_view(*pg::as<ViewStmt>(statement), context); break;
        case T_VariableSetStmt: set_variable(*pg::as<VariableSetStmt>(statement)); break;
        case T_SelectStmt: select(*pg::as<SelectStmt>(statement), context); break;
        case T_CreateRoleStmt: create_role(*pg::as<CreateRoleStmt>(statement)); break;
        case T_AlterRoleStmt: alter_role(*pg::as<AlterRoleStmt>(statement)); break;
        case T_GrantRoleStmt: grant_role(*pg::as<GrantRoleStmt>(statement)); break;
        case T_DropRoleStmt: drop_role(*pg::as<DropRoleStmt>(statement)); break;
        case T_DropOwnedStmt: drop_owned(*pg::as<DropOwnedStmt>(statement), context); break;
        case T_CreateFunctionStmt: create_function(*pg::as<CreateFunctionStmt>(statement)); break;
        default: break;
    }
}

void StatementVisitor::create_table(const CreateStmt& statement, const StatementContext& context,
                                    RelationKind kind) {
    if (!statement.relation) return;
    const RangeVar& range_var = *statement.relation;
    QualifiedName name = qualified_name_of_range_var(range_var);
    bool temporary = is_temporary(range_var);
    if (statement.if_not_exists && model_.find(name)) return;
    if (kind == RelationKind::Table && statement.partspec) kind = RelationKind::PartitionedTable;
    Origin origin{context.statement, context.location_of(range_var.location)};
    Relation& relation = model_.create(name, kind, temporary, origin, context.file);
    // A typed table has its type's attributes as columns, before any column options.
    if (statement.ofTypename) {
        if (Relation* type = find_composite_type(strings_of(statement.ofTypename->names))) {
            relation.columns = type->columns;
            relation.of_type = std::make_unique<QualifiedName>(QualifiedName{type->schema, type->name});
        }
    }
    // Inherited columns come first, as in PostgreSQL; a partition has its parent's columns.
    for (const Node* parent_node : pg::items(statement.inhRelations)) {
        const RangeVar* parent_range = pg::as<RangeVar>(parent_node);
        if (!parent_range) continue;
        Relation* parent = model_.find(qualified_name_of_range_var(*parent_range));
        if (!parent || parent == &relation) continue;
        for (const Column& column : parent->columns)
            if (!relation.find_column(column.name.str())) relation.columns.push_back(column);
        relation.parents.push_back(parent);
        parent->children.push_back(&relation);
    }
    // Tens of thousands of tables in a long history: their columns take no more than they hold.
    relation.columns.reserve(relation.columns.size() + static_cast<size_t>(pg::items(statement.tableElts).size()));
    for (const Node* element : pg::items(statement.tableElts)) {
        if (const ColumnDef* column = pg::as<ColumnDef>(element)) {
            add_column(relation, *column, context, false);
        } else if (const TableLikeClause* like = pg::as<TableLikeClause>(element)) {
            if (!like->relation) continue;
            if (Relation* source = model_.find(qualified_name_of_range_var(*like->relation))) {
                for (const Column& column : source->columns) {
                    if (relation.find_column(column.name.str())) continue;
                    relation.columns.push_back({column.name, column.type, origin});
                }
            }
        }
    }
}

namespace {

// The output column names of a SELECT's target list, expanding * from relations the model
// knows. Unknown names become "?column?" as in PostgreSQL.
std::vector<std::string> select_output_columns(const SelectStmt* select, const SchemaModel& model) {
    std::vector<std::string> columns;
    // UNION and friends take their column names from the first branch.
    while (select->op != SETOP_NONE) {
        if (!select->larg) return columns;
        select = select->larg;
    }
    std::vector<std::pair<std::string_view, const Relation*>> from;
    for (const Node* item : pg::items(select->fromClause)) {
        std::vector<const Node*> pending{item};
        while (!pending.empty()) {
            const Node* current = pending.back();
            pending.pop_back();
            if (const RangeVar* range_var = pg::as<RangeVar>(current)) {
                std::string_view visible =
                    range_var->alias ? pg::text(range_var->alias->aliasname) : pg::text(range_var->relname);
                from.emplace_back(visible, model.find(qualified_name_of_range_var(*range_var)));
            } else if (const JoinExpr* join = pg::as<JoinExpr>(current)) {
                if (join->rarg) pending.push_back(join->rarg);
                if (join->larg) pending.push_back(join->larg);
            }
        }
    }
    for (const Node* target : pg::items(select->targetList)) {
        const ResTarget* result = pg::as<ResTarget>(target);
        if (!result) continue;
        std::string_view name = pg::text(result->name);
        if (!name.empty()) {
            columns.emplace_back(name);
            continue;
        }
        const Node* value = result->val;
        if (!value) continue;
        while (const TypeCast* cast = pg::as<TypeCast>(value)) {
            if (!cast->arg) break;
            value = cast->arg;
        }
        if (const ColumnRef* reference = pg::as<ColumnRef>(value)) {
            std::vector<std::string_view> fields = strings_of(reference->fields);
            size_t field_count = static_cast<size_t>(pg::items(reference->fields).size());
            if (fields.size() == field_count && !fields.empty()) {
                columns.emplace_back(fields.back());
                continue;
            }
            // A star: every column of every FROM relation, or of the one it qualifies.
            std::string_view qualifier = fields.empty() ? std::string_view() : fields.back();
            for (const auto& [visible, relation] : from) {
                if (!relation || (!qualifier.empty() && visible != qualifier)) continue;
                for (const Column& column : relation->columns) columns.push_back(column.name.str());
            }
            continue;
        }
        if (const FuncCall* call = pg::as<FuncCall>(value)) {
            std::vector<std::string_view> names = strings_of(call->funcname);
            columns.emplace_back(names.empty() ? "?column?" : std::string(names.back()));
            continue;
        }
        columns.emplace_back("?column?");
    }
    return columns;
}

}  // namespace

void StatementVisitor::prepare(const PrepareStmt& statement, const StatementContext& context) {
    if (const SelectStmt* select = pg::as<SelectStmt>(statement.query))
        prepared_[std::string(pg::text(statement.name))] =
            PreparedSelect{context.file, select_output_columns(select, model_)};
}

void StatementVisitor::create_table_as(const CreateTableAsStmt& statement, const StatementContext& context) {
    const IntoClause* into = statement.into;
    if (!into || !statement.query || !into->rel) return;
    const RangeVar& range_var = *into->rel;
    QualifiedName name = qualified_name_of_range_var(range_var);
    bool temporary = is_temporary(range_var);
    std::vector<std::string> columns;
    if (const SelectStmt* select = pg::as<SelectStmt>(statement.query)) columns = select_output_columns(select, model_);
    if (const ExecuteStmt* execute = pg::as<ExecuteStmt>(statement.query))
        if (auto prepared = prepared_.find(pg::text(execute->name));
            prepared != prepared_.end() && prepared->second.file == context.file)
            columns = prepared->second.columns;
    std::vector<std::string_view> explicit_names = strings_of(into->colNames);
    for (size_t i = 0; i < explicit_names.size() && i < columns.size(); ++i)
        columns[i] = std::string(explicit_names[i]);
    Origin origin{context.statement, context.location_of(range_var.location)};
    bool materialized = statement.objtype == OBJECT_MATVIEW;
    Relation& relation = model_.create(
        name, materialized ? RelationKind::MaterializedView : RelationKind::Table, temporary,
        origin, context.file);
    if (materialized) relation.reads = relations_read(statement.query);
    for (auto& column : columns) {
        if (!relation.find_column(column)) relation.columns.push_back({std::move(column), "", origin});
    }
}

void StatementVisitor::create_composite_type(const CompositeTypeStmt& statement, const StatementContext& context) {
    if (!statement.typevar) return;
    const RangeVar& range_var = *statement.typevar;
    Relation& type = model_.create(qualified_name_of_range_var(range_var), RelationKind::CompositeType,
                                   is_temporary(range_var), {context.statement, context.location_of(range_var.location)},
                                   context.file);
    for (const Node* element : pg::items(statement.coldeflist))
        if (const ColumnDef* column = pg::as<ColumnDef>(element)) add_column(type, *column, context, false);
}

namespace {

// A table and its inheritance children and partitions, all levels: what a recursing change reaches.
void touch_with_descendants(Relation& relation, uint32_t statement) {
    relation.touch(statement);
    for (Relation* child : relation.children) touch_with_descendants(*child, statement);
}

}  // namespace

// ALTER TYPE ... ADD, DROP or ALTER ATTRIBUTE: the type changes, and with CASCADE so do the
// tables typed by it and their children, which the guard then looks at again.
void StatementVisitor::alter_composite_type(Relation& type, const AlterTableStmt& statement,
                                            const StatementContext& context) {
    for (const Node* command_node : pg::items(statement.cmds)) {
        const AlterTableCmd* command = pg::as<AlterTableCmd>(command_node);
        if (!command) continue;
        std::vector<Relation*> changed{&type};
        if (command->behavior == DROP_CASCADE)
            for (Relation* table : model_.typed_tables(type)) changed.push_back(table);
        for (Relation* relation : changed) {
            const bool recurse = relation != &type;
            if (pg::is_add_column(command->subtype)) {
                if (const ColumnDef* column = pg::as<ColumnDef>(command->def)) add_column(*relation, *column, context, recurse);
            } else if (pg::is_drop_column(command->subtype)) {
                drop_column(*relation, pg::text(command->name), recurse);
            } else if (command->subtype == AT_AlterColumnType) {
                Column* existing = relation->find_column(pg::text(command->name));
                const ColumnDef* column = pg::as<ColumnDef>(command->def);
                if (existing && column) existing->type = type_of_column(*column);
            }
            if (recurse) touch_with_descendants(*relation, context.statement);
        }
    }
}

void StatementVisitor::add_column(Relation& relation, const ColumnDef& column_definition,
                                  const StatementContext& context, bool recurse) {
    std::string_view column_name = pg::text(column_definition.colname);
    if (column_name.empty()) return;
    if (!relation.find_column(column_name)) {
        relation.columns.push_back({std::string(column_name), type_of_column(column_definition),
                                    {context.statement, context.location_of(column_definition.location)}});
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
        for (auto* expression : {&policy.using_expression, &policy.with_check_expression})
            if (*expression) {
                for (std::string& name : (*expression)->table_columns)
                    if (name == from) name = to;
                rename_in((*expression)->reduced, from, to);
            }
    }
    if (recurse) {
        for (Relation* child : relation.children) rename_column(*child, from, to, true);
    }
}

void StatementVisitor::alter_table(const AlterTableStmt& statement, const StatementContext& context) {
    if (statement.objtype == OBJECT_TYPE && statement.relation) {
        Relation* type = model_.find(qualified_name_of_range_var(*statement.relation));
        if (type && type->kind == RelationKind::CompositeType) alter_composite_type(*type, statement, context);
        return;
    }
    if (!is_relation_object(statement.objtype) || !statement.relation) return;
    const RangeVar& range_var = *statement.relation;
    QualifiedName name = qualified_name_of_range_var(range_var);
    Relation* relation = model_.find(name);
    bool recurse = range_var.inh;  // false for ALTER TABLE ONLY
    for (const Node* command_node : pg::items(statement.cmds)) {
        const AlterTableCmd* command = pg::as<AlterTableCmd>(command_node);
        if (!command) continue;
        AlterTableType subtype = command->subtype;
        std::string_view column = pg::text(command->name);
        const Node* definition = command->def;
        if (pg::is_add_column(subtype)) {
            const ColumnDef* column_definition = pg::as<ColumnDef>(definition);
            if (relation && column_definition) add_column(*relation, *column_definition, context, recurse);
        } else if (pg::is_drop_column(subtype)) {
            if (relation) {
                drop_column(*relation, column, recurse);
                // PostgreSQL refuses to drop a column that a policy uses, unless CASCADE,
                // which drops those policies with it.
                if (command->behavior == DROP_CASCADE) {
                    auto& policies = relation->policies;
                    auto uses_column = [&](const PolicyState& policy) {
                        for (const auto* expression : {&policy.using_expression, &policy.with_check_expression})
                            if (*expression)
                                for (const std::string& name : (*expression)->table_columns)
                                    if (name == column) return true;
                        return false;
                    };
                    policies.erase(std::remove_if(policies.begin(), policies.end(), uses_column), policies.end());
                }
                relation->touch(context.statement);
            }
        } else if (subtype == AT_AlterColumnType) {
            Column* existing = relation ? relation->find_column(column) : nullptr;
            const ColumnDef* column_definition = pg::as<ColumnDef>(definition);
            if (existing && column_definition) existing->type = type_of_column(*column_definition);
        } else if (subtype == AT_EnableRowSecurity || subtype == AT_DisableRowSecurity) {
            if (relation) relation->row_level_security = subtype == AT_EnableRowSecurity;
        } else if (subtype == AT_ForceRowSecurity || subtype == AT_NoForceRowSecurity) {
            if (relation) relation->force_row_level_security = subtype == AT_ForceRowSecurity;
        } else if (subtype == AT_SetRelOptions) {
            const List* options = pg::as<List>(definition);
            if (relation) relation->security_invoker = security_invoker_option(options, relation->security_invoker);
        } else if (subtype == AT_ResetRelOptions) {
            // RESET (security_barrier) leaves security_invoker as it is: only its name resets it.
            if (relation && names_security_invoker(pg::as<List>(definition))) relation->security_invoker = false;
        } else if (subtype == AT_AttachPartition || subtype == AT_AddInherit || subtype == AT_DetachPartition ||
                   subtype == AT_DropInherit) {
            const RangeVar* other_range = other_relation_of(subtype, definition);
            if (!other_range) continue;
            Relation* other = model_.find(qualified_name_of_range_var(*other_range));
            // (DE)ATTACH PARTITION names the child; (NO) INHERIT names the parent.
            bool names_child = subtype == AT_AttachPartition || subtype == AT_DetachPartition;
            Relation* parent = names_child ? relation : other;
            Relation* child = names_child ? other : relation;
            if (!parent || !child || parent == child) continue;
            if (subtype == AT_AttachPartition || subtype == AT_AddInherit) {
                parent->children.push_back(child);
                child->parents.push_back(parent);
            } else {
                auto& children = parent->children;
                children.erase(std::remove(children.begin(), children.end(), child), children.end());
                auto& parents = child->parents;
                parents.erase(std::remove(parents.begin(), parents.end(), parent), parents.end());
            }
            child->touch(context.statement);
        } else if (subtype == AT_AddOf || subtype == AT_DropOf) {
            // ALTER TABLE ... OF type (whose attributes the table has already) or NOT OF.
            const TypeName* type_name = pg::as<TypeName>(definition);
            Relation* type = type_name ? find_composite_type(strings_of(type_name->names)) : nullptr;
            if (!relation) continue;
            relation->of_type.reset();
            if (type) relation->of_type = std::make_unique<QualifiedName>(QualifiedName{type->schema, type->name});
        }
        // The guard looks again at a table after every subcommand, whatever it changed.
        if (relation) relation->touch(context.statement);
    }
}

void StatementVisitor::rename(const RenameStmt& statement, const StatementContext& context) {
    ObjectType rename_type = statement.renameType;
    std::string new_name(pg::text(statement.newname));
    if (rename_type == OBJECT_SCHEMA) {
        std::string old_schema(pg::text(statement.subname));
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
    if (rename_type == OBJECT_FUNCTION || rename_type == OBJECT_PROCEDURE || rename_type == OBJECT_ROUTINE) {
        if (const ObjectWithArgs* function = pg::as<ObjectWithArgs>(statement.object))
            model_.move_function(strings_of(function->objname), std::nullopt, new_name);
        return;
    }
    if (rename_type == OBJECT_TYPE) {
        // ALTER TYPE ... RENAME TO: the typed tables follow (SchemaModel::rename).
        if (Relation* type = find_composite_type(object_names(statement.object))) model_.rename(type, new_name);
        return;
    }
    if (!statement.relation) return;
    Relation* relation = model_.find(qualified_name_of_range_var(*statement.relation));
    if (!relation) return;
    // PostgreSQL lets ALTER INDEX ... RENAME TO rename any relation: the model holds no indexes,
    // so a name it finds is a table's or a view's.
    if (is_relation_object(rename_type) || rename_type == OBJECT_INDEX) {
        model_.rename(relation, new_name);
    } else if (rename_type == OBJECT_ATTRIBUTE && relation->kind == RelationKind::CompositeType) {
        // ALTER TYPE ... RENAME ATTRIBUTE: with CASCADE, the typed tables and their children too.
        rename_column(*relation, pg::text(statement.subname), new_name, false);
        if (statement.behavior == DROP_CASCADE)
            for (Relation* table : model_.typed_tables(*relation)) {
                rename_column(*table, pg::text(statement.subname), new_name, true);
                touch_with_descendants(*table, context.statement);
            }
        return;
    } else if (rename_type == OBJECT_COLUMN || rename_type == OBJECT_ATTRIBUTE) {
        // OBJECT_ATTRIBUTE: ALTER TYPE ... RENAME ATTRIBUTE on a table's row type renames its column.
        rename_column(*relation, pg::text(statement.subname), new_name, statement.relation->inh);
    } else if (rename_type == OBJECT_POLICY) {
        if (PolicyState* policy = relation->find_policy(pg::text(statement.subname))) policy->name = new_name;
    } else {
        return;
    }
    relation->touch(context.statement);
}

Relation* StatementVisitor::find_composite_type(const std::vector<std::string_view>& names) const {
    if (names.empty() || names.size() > 2) return nullptr;
    Relation* type = model_.find(relation_name_from_parts(names, names.size()));
    return type && type->kind == RelationKind::CompositeType ? type : nullptr;
}

void StatementVisitor::alter_object_schema(const AlterObjectSchemaStmt& statement, const StatementContext& context) {
    const ObjectType kind = statement.objectType;
    if (kind == OBJECT_FUNCTION || kind == OBJECT_PROCEDURE || kind == OBJECT_ROUTINE) {
        if (const ObjectWithArgs* function = pg::as<ObjectWithArgs>(statement.object))
            model_.move_function(strings_of(function->objname), std::string(pg::text(statement.newschema)),
                                 std::nullopt);
        return;
    }
    if (kind == OBJECT_TYPE) {
        if (Relation* type = find_composite_type(object_names(statement.object)))
            model_.set_schema(type, std::string(pg::text(statement.newschema)));
        return;
    }
    if (!is_relation_object(statement.objectType) || !statement.relation) return;
    if (Relation* relation = model_.find(qualified_name_of_range_var(*statement.relation))) {
        model_.set_schema(relation, std::string(pg::text(statement.newschema)));
        relation->touch(context.statement);
    }
}

void StatementVisitor::drop(const DropStmt& statement, const StatementContext& context) {
    ObjectType remove_type = statement.removeType;
    bool cascade = statement.behavior == DROP_CASCADE;
    for (const Node* object : pg::items(statement.objects)) {
        std::vector<std::string_view> parts = object_names(object);
        if (parts.empty()) continue;
        if (is_relation_object(remove_type)) {
            QualifiedName name = relation_name_from_parts(parts, std::min<size_t>(parts.size(), 2));
            if (Relation* relation = model_.find(name)) model_.drop(relation, cascade);
        } else if (remove_type == OBJECT_TYPE) {
            // Without CASCADE, PostgreSQL refuses while a table is typed by it.
            if (Relation* type = find_composite_type(parts); type && (cascade || model_.typed_tables(*type).empty()))
                model_.drop(type, cascade);
        } else if (remove_type == OBJECT_SCHEMA) {
            model_.drop_schema(std::string(parts.back()));
        } else if (remove_type == OBJECT_POLICY) {
            if (parts.size() < 2) continue;
            std::vector<std::string_view> table_parts(parts.begin(), parts.end() - 1);
            QualifiedName table_name =
                relation_name_from_parts(table_parts, std::min<size_t>(table_parts.size(), 2));
            Relation* relation = model_.find(table_name);
            std::string_view policy_name = parts.back();
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

void StatementVisitor::analyse_policy_expressions(Relation& relation, PolicyState& policy,
                                                  const Node* using_expression,
                                                  const Node* with_check_expression) {
    PolicyTarget target{relation.schema, relation.name, {}};
    for (const Column& column : relation.columns) target.columns.push_back(column.name.str());
    const ModelScope scope(model_);
    auto describe = [&](const Node* expression) {
        return std::make_unique<PolicyExpression>(PolicyExpression{
            policy_table_columns(expression, relation, model_), reduce_policy_expression(expression, target, scope)});
    };
    if (using_expression) policy.using_expression = describe(using_expression);
    if (with_check_expression) policy.with_check_expression = describe(with_check_expression);
}

std::string StatementVisitor::role_name(const RoleSpec& role) const {
    if (role.roletype == ROLESPEC_CSTRING) return std::string(pg::text(role.rolename));
    // CURRENT_USER, SESSION_USER, CURRENT_ROLE: the role that runs the migration, or a name no
    // role has (subject to row level security) when unknown.
    return migration_role_.empty() ? "CURRENT_USER" : migration_role_;
}

void StatementVisitor::apply_policy_roles(PolicyState& policy, const List* roles) const {
    policy.to_public = false;
    policy.roles.clear();
    for (const Node* item : pg::items(roles)) {
        const RoleSpec* role = pg::as<RoleSpec>(item);
        if (!role) continue;
        switch (role->roletype) {
            case ROLESPEC_PUBLIC: policy.to_public = true; break;
            default: policy.roles.emplace_back(role_name(*role)); break;
        }
    }
    if (policy.to_public) policy.roles.clear();
    if (policy.roles.empty()) policy.to_public = true;
}

void StatementVisitor::create_policy(const CreatePolicyStmt& statement, const StatementContext& context) {
    if (!statement.table) return;
    Relation* relation = model_.find(qualified_name_of_range_var(*statement.table));
    if (!relation) return;
    std::string name(pg::text(statement.policy_name));
    auto& policies = relation->policies;
    policies.erase(std::remove_if(policies.begin(), policies.end(),
                                  [&](const PolicyState& p) { return p.name == name; }),
                   policies.end());
    PolicyState policy;
    policy.name = std::move(name);
    policy.command = policy_command(pg::text(statement.cmd_name));
    policy.permissive = statement.permissive;
    policy.defined = {context.statement, context.statement_location()};
    policy.created_file = context.file;
    apply_policy_roles(policy, statement.roles);
    analyse_policy_expressions(*relation, policy, statement.qual, statement.with_check);
    policies.push_back(std::move(policy));
    relation->touch(context.statement);
}

void StatementVisitor::alter_policy(const AlterPolicyStmt& statement, const StatementContext& context) {
    if (!statement.table) return;
    Relation* relation = model_.find(qualified_name_of_range_var(*statement.table));
    if (!relation) return;
    PolicyState* policy = relation->find_policy(pg::text(statement.policy_name));
    if (!policy) return;
    if (statement.roles) apply_policy_roles(*policy, statement.roles);
    if (statement.qual || statement.with_check) {
        analyse_policy_expressions(*relation, *policy, statement.qual, statement.with_check);
        policy->defined = {context.statement, context.statement_location()};
    }
    relation->touch(context.statement);
}

void StatementVisitor::create_schema(const CreateSchemaStmt& statement, const StatementContext& context) {
    std::string schema(pg::text(statement.schemaname));
    if (schema.empty()) return;  // CREATE SCHEMA AUTHORIZATION role: named after the role
    if (!(statement.if_not_exists && model_.schema_created_file(schema) != UINT32_MAX))
        model_.note_schema_created(schema, context.file);
    if (pg::items(statement.schemaElts).empty()) return;
    // Elements of CREATE SCHEMA are created in that schema.
    std::vector<std::string> saved = model_.search_path();
    model_.set_search_path({schema});
    for (const Node* element : pg::items(statement.schemaElts)) visit(element, context);
    model_.set_search_path(std::move(saved));
}

void StatementVisitor::create_view(const ViewStmt& statement, const StatementContext& context) {
    if (!statement.view) return;
    const RangeVar& range_var = *statement.view;
    Origin origin{context.statement, context.location_of(range_var.location)};
    std::vector<std::string> columns;
    if (const SelectStmt* select = pg::as<SelectStmt>(statement.query)) columns = select_output_columns(select, model_);
    Relation& view = model_.create(qualified_name_of_range_var(range_var), RelationKind::View,
                                   is_temporary(range_var), origin, context.file);
    for (auto& column : columns)
        if (!view.find_column(column)) view.columns.push_back({std::move(column), "", origin});
    // CREATE OR REPLACE VIEW without the option resets it, as PostgreSQL does.
    view.security_invoker = security_invoker_option(statement.options, false);
    view.reads = relations_read(statement.query);
}

namespace {

// Applies CREATE/ALTER ROLE options that the rule cares about.
void apply_role_options(SchemaModel::RoleState& role, const List* options, SchemaModel& model,
                        const std::string& name) {
    for (const Node* item : pg::items(options)) {
        const DefElem* option = pg::as<DefElem>(item);
        if (!option) continue;
        std::string_view key = pg::text(option->defname);
        if (key == "superuser") role.superuser = pg::boolean_option(*option);
        else if (key == "bypassrls") role.bypass_rls = pg::boolean_option(*option);
        else if (key == "inherit") role.inherit = pg::boolean_option(*option);
        else if (key == "addroleto") {  // IN ROLE x: the new role is a member of x
            for (const Node* granted : pg::items(pg::as<List>(option->arg)))
                if (const RoleSpec* spec = pg::as<RoleSpec>(granted))
                    role.member_of.emplace_back(pg::text(spec->rolename));
        } else if (key == "rolemembers" || key == "adminmembers") {  // ROLE x: x is a member
            for (const Node* member : pg::items(pg::as<List>(option->arg)))
                if (const RoleSpec* spec = pg::as<RoleSpec>(member))
                    model.role(std::string(pg::text(spec->rolename))).member_of.push_back(name);
        }
    }
}

}  // namespace

void StatementVisitor::create_role(const CreateRoleStmt& statement) {
    std::string name(pg::text(statement.role));
    if (name.empty()) return;
    SchemaModel::RoleState& role = model_.role(name);
    role = {};
    // CREATE USER and CREATE GROUP differ from CREATE ROLE only in LOGIN.
    apply_role_options(role, statement.options, model_, name);
}

void StatementVisitor::alter_role(const AlterRoleStmt& statement) {
    if (!statement.role || statement.role->roletype != ROLESPEC_CSTRING) return;
    std::string name(pg::text(statement.role->rolename));
    apply_role_options(model_.role(name), statement.options, model_, name);
}

void StatementVisitor::grant_role(const GrantRoleStmt& statement) {
    for (const Node* granted_node : pg::items(statement.granted_roles)) {
        const AccessPriv* granted = pg::as<AccessPriv>(granted_node);
        if (!granted) continue;
        std::string role(pg::text(granted->priv_name));
        for (const Node* grantee_node : pg::items(statement.grantee_roles)) {
            const RoleSpec* grantee = pg::as<RoleSpec>(grantee_node);
            if (!grantee || grantee->roletype != ROLESPEC_CSTRING) continue;
            auto& member_of = model_.role(std::string(pg::text(grantee->rolename))).member_of;
            auto found = std::find(member_of.begin(), member_of.end(), role);
            if (statement.is_grant && found == member_of.end()) member_of.push_back(role);
            if (!statement.is_grant && found != member_of.end() && !pg::revokes_option_only(statement))
                member_of.erase(found);
        }
    }
}

void StatementVisitor::drop_role(const DropRoleStmt& statement) {
    for (const Node* item : pg::items(statement.roles))
        if (const RoleSpec* role = pg::as<RoleSpec>(item))
            if (role->roletype == ROLESPEC_CSTRING) model_.drop_role(std::string(pg::text(role->rolename)));
}

// DROP OWNED BY also takes the roles out of every policy's TO list, and drops a policy that is
// left with none (what it drops of the objects the roles own is not modelled: owners are not).
void StatementVisitor::drop_owned(const DropOwnedStmt& statement, const StatementContext& context) {
    std::set<std::string, std::less<>> dropped;
    for (const Node* item : pg::items(statement.roles))
        if (const RoleSpec* role = pg::as<RoleSpec>(item)) dropped.insert(role_name(*role));
    auto is_dropped = [&](const SharedText& role) { return dropped.count(role.str()) > 0; };
    auto left_without_role = [](const PolicyState& policy) { return !policy.to_public && policy.roles.empty(); };
    std::vector<Relation*> with_policies;
    model_.for_each_relation([&](const Relation& relation) {
        if (!relation.policies.empty()) with_policies.push_back(const_cast<Relation*>(&relation));
    });
    for (Relation* relation : with_policies) {
        bool changed = false;
        for (PolicyState& policy : relation->policies) {
            const size_t before = policy.roles.size();
            auto& roles = policy.roles;
            roles.erase(std::remove_if(roles.begin(), roles.end(), is_dropped), roles.end());
            changed = changed || roles.size() != before;
        }
        auto& policies = relation->policies;
        policies.erase(std::remove_if(policies.begin(), policies.end(), left_without_role), policies.end());
        if (changed) relation->touch(context.statement);
    }
}

void StatementVisitor::create_function(const CreateFunctionStmt& statement) {
    std::vector<std::string_view> names = strings_of(statement.funcname);
    if (names.empty()) return;
    std::string schema = names.size() >= 2 ? std::string(names[names.size() - 2]) : model_.creation_schema(false);
    std::optional<FunctionCode> code = function_code_of(statement);
    if (code && !looks_like_ddl(code->code)) code.reset();  // only its DDL matters where it is called
    model_.note_function(schema, std::string(names.back()), std::move(code));
}

void StatementVisitor::set_variable(const VariableSetStmt& statement) {
    if (pg::text(statement.name) != "search_path") {
        if (statement.kind == VAR_RESET_ALL) model_.reset_search_path();
        return;
    }
    if (statement.kind == VAR_RESET || statement.kind == VAR_SET_DEFAULT) {
        model_.reset_search_path();
        return;
    }
    if (statement.kind != VAR_SET_VALUE) return;
    // SET quotes each element, so 'App' and "App" both name the schema App exactly.
    std::vector<std::string> schemas;
    for (const Node* argument : pg::items(statement.args)) {
        std::string_view value;
        if (string_constant(argument, value)) schemas.emplace_back(value);
    }
    model_.set_search_path(std::move(schemas));
}

void StatementVisitor::select(const SelectStmt& statement, const StatementContext& context) {
    if (const IntoClause* into = statement.intoClause) {
        // SELECT ... INTO creates a table like CREATE TABLE AS; the query is this statement.
        if (!into->rel) return;
        const RangeVar& range_var = *into->rel;
        Origin origin{context.statement, context.location_of(range_var.location)};
        std::vector<std::string> columns = select_output_columns(&statement, model_);
        Relation& relation = model_.create(qualified_name_of_range_var(range_var), RelationKind::Table,
                                           is_temporary(range_var), origin, context.file);
        for (auto& column : columns)
            if (!relation.find_column(column)) relation.columns.push_back({std::move(column), "", origin});
        return;
    }
    // set_config('search_path', ...) and tenant_guard.exempt(...) / unexempt(...) called from a SELECT.
    for (const Node* target : pg::items(statement.targetList)) {
        const ResTarget* result = pg::as<ResTarget>(target);
        const FuncCall* call = result ? pg::as<FuncCall>(result->val) : nullptr;
        if (!call) continue;
        std::vector<std::string_view> function = strings_of(call->funcname);
        if (function.empty()) continue;
        std::vector<std::string_view> constants;
        for (const Node* argument : pg::items(call->args)) {
            std::string_view constant;
            constants.push_back(string_constant(argument, constant) ? constant : std::string_view());
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
                relation->exemption = std::make_unique<ExemptionState>(ExemptionState{
                    std::string(constants.size() >= 2 ? constants[1] : std::string_view()),
                    Origin{context.statement, {context.file, context.start}}});
            else
                relation->exemption.reset();
            relation->touch(context.statement);
        }
    }
}

}  // namespace tenant_guard::analyzer
