// Applies one parsed statement to the schema model, and does nothing else: what a statement
// means for a rule is that rule's to find (rule.h). The statements of DO blocks reach it one
// by one, like top-level ones (rule_runner.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pg_nodes.h"
#include "schema_model.h"
#include "statement_context.h"

namespace tenant_guard::analyzer {

class StatementVisitor {
public:
    // migration_role: the role that runs the migrations (CURRENT_USER in a policy's TO list);
    // empty when unknown.
    StatementVisitor(SchemaModel& model, std::string migration_role = {});

    void visit(const Node* statement, const StatementContext& context);
    // Statements applied, with those of DO blocks and CREATE SCHEMA.
    uint64_t applied_statements() const { return applied_statements_; }

private:
    void create_table(const CreateStmt& statement, const StatementContext& context, RelationKind kind);
    void create_table_as(const CreateTableAsStmt& statement, const StatementContext& context);
    void prepare(const PrepareStmt& statement, const StatementContext& context);
    void create_composite_type(const CompositeTypeStmt& statement, const StatementContext& context);
    void alter_composite_type(Relation& type, const AlterTableStmt& statement, const StatementContext& context);
    // The composite type that ALTER TYPE, DROP TYPE or ALTER TABLE ... OF names, if modelled.
    Relation* find_composite_type(const std::vector<std::string_view>& names) const;
    void alter_table(const AlterTableStmt& statement, const StatementContext& context);
    void rename(const RenameStmt& statement, const StatementContext& context);
    void alter_object_schema(const AlterObjectSchemaStmt& statement, const StatementContext& context);
    void drop(const DropStmt& statement, const StatementContext& context);
    void create_policy(const CreatePolicyStmt& statement, const StatementContext& context);
    void alter_policy(const AlterPolicyStmt& statement, const StatementContext& context);
    void create_schema(const CreateSchemaStmt& statement, const StatementContext& context);
    void create_view(const ViewStmt& statement, const StatementContext& context);
    void set_variable(const VariableSetStmt& statement);
    void create_role(const CreateRoleStmt& statement);
    void alter_role(const AlterRoleStmt& statement);
    void grant_role(const GrantRoleStmt& statement);
    void drop_role(const DropRoleStmt& statement);
    void drop_owned(const DropOwnedStmt& statement, const StatementContext& context);
    void create_function(const CreateFunctionStmt& statement);
    void select(const SelectStmt& statement, const StatementContext& context);

    void add_column(Relation& relation, const ColumnDef& column_definition, const StatementContext& context,
                    bool recurse);
    void drop_column(Relation& relation, std::string_view column, bool recurse);
    void rename_column(Relation& relation, std::string_view from, const std::string& to, bool recurse);
    void analyse_policy_expressions(Relation& relation, PolicyState& policy, const Node* using_expression,
                                    const Node* with_check_expression);

    // A role named in a policy's TO list or in DROP OWNED BY (not PUBLIC).
    std::string role_name(const RoleSpec& role) const;
    void apply_policy_roles(PolicyState& policy, const List* roles) const;

    SchemaModel& model_;
    std::string migration_role_;
    uint64_t applied_statements_ = 0;
    // PREPARE name AS SELECT ...: the output columns, for CREATE TABLE ... AS EXECUTE name. A
    // prepared statement lives in its session, and each migration file runs in its own.
    struct PreparedSelect {
        uint32_t file = 0;
        std::vector<std::string> columns;
    };
    std::map<std::string, PreparedSelect, std::less<>> prepared_;
};

}  // namespace tenant_guard::analyzer
