// Applies one parsed statement to the schema model and records the facts that rules read
// (destructive changes, dynamic SQL). This is the only place that knows the shape of each
// statement kind's parse tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "facts.h"
#include "pg_nodes.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

// Where a statement's nodes are in the file.
struct StatementContext {
    uint32_t file = 0;
    uint32_t statement = kNoStatement;  // global index of the top-level statement
    uint32_t location_base = 0;         // file offset of the text the parser saw
    // Inside PL/pgSQL bodies node locations are not file offsets; this is used instead.
    bool exact_locations = true;
    uint32_t fallback_offset = 0;
    uint32_t start = 0;  // file offset of the statement's first token
    uint32_t end = 0;
    int nesting = 0;  // DO blocks inside DO blocks (through EXECUTE 'literal')
};

class StatementVisitor {
public:
    StatementVisitor(SchemaModel& model, Facts& facts);

    void visit(const Node* statement, const StatementContext& context);

    // Exposed for the PL/pgSQL walker.
    void record_dynamic_sql(const StatementContext& context, uint32_t offset, std::string description);
    Facts& facts() { return facts_; }
    const SourceFile& file(const StatementContext& context) const { return facts_.files[context.file]; }

private:
    Location location_of(int location, const StatementContext& context) const;
    Location statement_location(const StatementContext& context) const;
    bool created_in_this_file(const Relation* relation, const StatementContext& context) const;
    void record_destructive(const StatementContext& context, std::string description, std::string table);
    std::string display_name(const QualifiedName& name) const;

    void create_table(const CreateStmt& statement, const StatementContext& context, RelationKind kind);
    void create_table_as(const CreateTableAsStmt& statement, const StatementContext& context);
    void alter_table(const AlterTableStmt& statement, const StatementContext& context);
    void rename(const RenameStmt& statement, const StatementContext& context);
    void alter_object_schema(const AlterObjectSchemaStmt& statement, const StatementContext& context);
    void drop(const DropStmt& statement, const StatementContext& context);
    void create_policy(const CreatePolicyStmt& statement, const StatementContext& context);
    void alter_policy(const AlterPolicyStmt& statement, const StatementContext& context);
    void create_schema(const CreateSchemaStmt& statement, const StatementContext& context);
    void create_view(const ViewStmt& statement, const StatementContext& context);
    void set_variable(const VariableSetStmt& statement);
    void select(const SelectStmt& statement, const StatementContext& context);
    void truncate(const TruncateStmt& statement, const StatementContext& context);
    void delete_or_update(const RangeVar* relation, bool has_where, const StatementContext& context,
                          bool is_delete);

    void add_column(Relation& relation, const ColumnDef& column_definition, const StatementContext& context,
                    bool recurse);
    void drop_column(Relation& relation, std::string_view column, bool recurse);
    void rename_column(Relation& relation, std::string_view from, const std::string& to, bool recurse);
    void analyse_policy_expressions(Relation& relation, PolicyState& policy, const Node* using_expression,
                                    const Node* with_check_expression);

    SchemaModel& model_;
    Facts& facts_;
};

QualifiedName qualified_name_of_range_var(const RangeVar& range_var);

}  // namespace tenant_guard::analyzer
