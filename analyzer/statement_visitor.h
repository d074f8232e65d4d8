// Applies one parsed statement to the schema model and records the facts that rules read
// (destructive changes, dynamic SQL). This is the only place that knows the shape of each
// statement kind's parse tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "facts.h"
#include "frontend.h"
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

    void visit(std::string_view type, json_tree::Node body, const StatementContext& context);

    // Exposed for the PL/pgSQL walker.
    void record_dynamic_sql(const StatementContext& context, uint32_t offset, std::string description);
    Facts& facts() { return facts_; }
    const SourceFile& file(const StatementContext& context) const { return facts_.files[context.file]; }

private:
    Location location_of(json_tree::Node node, const StatementContext& context) const;
    Location statement_location(const StatementContext& context) const;
    bool created_in_this_file(const Relation* relation, const StatementContext& context) const;
    void record_destructive(const StatementContext& context, std::string description, std::string table);
    std::string display_name(const QualifiedName& name) const;

    void create_table(json_tree::Node body, const StatementContext& context, RelationKind kind);
    void create_table_as(json_tree::Node into, json_tree::Node query, bool materialized,
                         const StatementContext& context);
    void alter_table(json_tree::Node body, const StatementContext& context);
    void rename(json_tree::Node body, const StatementContext& context);
    void alter_object_schema(json_tree::Node body, const StatementContext& context);
    void drop(json_tree::Node body, const StatementContext& context);
    void create_policy(json_tree::Node body, const StatementContext& context);
    void alter_policy(json_tree::Node body, const StatementContext& context);
    void create_schema(json_tree::Node body, const StatementContext& context);
    void create_view(json_tree::Node body, const StatementContext& context);
    void set_variable(json_tree::Node body);
    void select(json_tree::Node body, const StatementContext& context);
    void truncate(json_tree::Node body, const StatementContext& context);
    void delete_or_update(json_tree::Node body, const StatementContext& context, bool is_delete);

    void add_column(Relation& relation, json_tree::Node column_definition,
                    const StatementContext& context, bool recurse);
    void drop_column(Relation& relation, std::string_view column, bool recurse);
    void rename_column(Relation& relation, std::string_view from, const std::string& to, bool recurse);
    void analyse_policy_expressions(Relation& relation, PolicyState& policy, json_tree::Node body);

    SchemaModel& model_;
    Facts& facts_;
};

QualifiedName qualified_name_of_range_var(json_tree::Node range_var);

}  // namespace tenant_guard::analyzer
