// The schema that the migration files build, statement after statement, across files:
// relations by schema-qualified name with their columns, row level security and policies,
// plus the search_path that resolves unqualified names. Names arrive already folded by the
// parser (unquoted identifiers downcased, quoted ones kept); names read from string literals
// are folded by fold_identifier_list().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "finding.h"
#include "isolation.h"
#include "policy_description.h"
#include "shared_text.h"

namespace tenant_guard::analyzer {

struct QualifiedName {
    std::string schema;  // empty: resolve through the search_path
    std::string name;
};

// Where the model learnt something: the statement (global index) and its location.
struct Origin {
    uint32_t statement = kNoStatement;
    Location location;
};

// Half a million of them on a long generated history: names and types are SharedText, since
// tables repeat the same few (id, organization_id, created_at, text, int4, ...).
struct Column {
    SharedText name;
    SharedText type;  // last element of the type name, e.g. "text", "varchar", "jsonb": few distinct
    Origin defined;
};

// A policy's USING or WITH CHECK expression: what the isolation rule judges (reduced by
// policy_reduction.h) and the columns of its table it references (policy_expression.h), which
// renaming or dropping a column must follow as PostgreSQL does.
struct PolicyExpression {
    std::vector<std::string> table_columns;  // at any depth
    isolation::v2::Expression reduced;
};

struct PolicyState {
    std::string name;
    isolation::PolicyCommand command = isolation::PolicyCommand::All;
    bool permissive = true;
    bool to_public = true;
    std::vector<SharedText> roles;  // the TO list when !to_public: a few role names, shared
    // Held apart: most policies have one of the two, and tens of thousands of policies in a
    // long history would otherwise each carry room for both.
    std::unique_ptr<PolicyExpression> using_expression;  // absent without USING
    std::unique_ptr<PolicyExpression> with_check_expression;
    Origin defined;  // CREATE POLICY, or the last ALTER POLICY that changed an expression
    uint32_t created_file = 0;
};

// tenant_guard.exempt(table, reason), as a migration called it.
struct ExemptionState {
    std::string reason;  // empty where it was not a string constant
    Origin granted;
};

// A function's code as CREATE FUNCTION wrote it, kept when it holds DDL: a migration that
// calls the function runs that DDL (RuleRunner::statement).
struct FunctionCode {
    bool plpgsql = false;  // else SQL
    std::string code;
};

// CompositeType: CREATE TYPE ... AS (...), a relation in PostgreSQL too (relkind 'c'): its
// attributes are its columns, and ALTER TYPE ... CASCADE reaches the tables typed by it.
enum class RelationKind { Table, PartitionedTable, View, MaterializedView, ForeignTable, CompositeType };

struct Relation {
    std::string schema;
    std::string name;
    RelationKind kind = RelationKind::Table;
    bool temporary = false;
    bool row_level_security = false;
    bool force_row_level_security = false;
    bool security_invoker = false;     // views: WITH (security_invoker = true)
    std::vector<QualifiedName> reads;  // views and materialized views: relations their query names
    // The two rare parts are held apart: tens of thousands of relations need no room for them.
    std::unique_ptr<ExemptionState> exemption;  // exempt() was called, and unexempt() not since
    std::vector<Column> columns;
    std::vector<PolicyState> policies;
    std::vector<Relation*> parents;   // INHERITS and PARTITION OF
    std::vector<Relation*> children;
    // CREATE TABLE ... OF type: the composite type's schema and name (by name, so that dropping
    // either leaves nothing dangling).
    std::unique_ptr<QualifiedName> of_type;
    Origin created;
    uint32_t created_file = 0;
    // Statements that changed something the isolation rule looks at, in order.
    std::vector<uint32_t> touched_by;
    // The model's list of relations touched in the current migration file (set by create).
    std::vector<Relation*>* touch_log = nullptr;
    bool in_touch_log = false;

    bool is_table() const {
        return kind == RelationKind::Table || kind == RelationKind::PartitionedTable;
    }
    bool is_view() const { return kind == RelationKind::View || kind == RelationKind::MaterializedView; }
    const Column* find_column(std::string_view column) const;
    Column* find_column(std::string_view column);
    PolicyState* find_policy(std::string_view policy);
    const PolicyState* find_policy(std::string_view policy) const;
    std::string qualified_name() const;
    void touch(uint32_t statement);
};

class SchemaModel {
public:
    SchemaModel();

    // search_path handling, reset at every file since each migration runs in its own session.
    void reset_search_path();
    void set_search_path(std::vector<std::string> schemas);
    const std::vector<std::string>& search_path() const { return search_path_; }

    Relation* find(const QualifiedName& name) const;
    // The schema an unqualified CREATE puts a relation in.
    std::string creation_schema(bool temporary) const;
    // Creates (replacing any relation of that name) and returns the new relation.
    Relation& create(const QualifiedName& name, RelationKind kind, bool temporary,
                     const Origin& origin, uint32_t file);
    // Drops a relation, its partitions, and with cascade its inheritance children and, of a
    // composite type, the tables typed by it.
    void drop(Relation* relation, bool cascade);
    // The tables typed by a composite type follow it when it is renamed or moved.
    void rename(Relation* relation, std::string new_name);
    void set_schema(Relation* relation, std::string new_schema);
    // The tables typed by a composite type (CREATE TABLE ... OF, ALTER TABLE ... OF), in the
    // order they were created.
    std::vector<Relation*> typed_tables(const Relation& type) const;
    void drop_schema(const std::string& schema);

    // Roles as CREATE ROLE, ALTER ROLE, GRANT and the configuration describe them. member_of
    // lists the roles granted to it; with inherit, it has their privileges.
    struct RoleState {
        bool superuser = false;
        bool bypass_rls = false;
        bool inherit = true;
        std::vector<std::string> member_of;
    };
    RoleState& role(const std::string& name) { return roles_[name]; }
    void drop_role(const std::string& name) { roles_.erase(name); }
    const std::map<std::string, RoleState>& roles() const { return roles_; }

    // Functions the inputs create, by schema and name: an unqualified call resolves to one
    // through the search_path, else to pg_catalog. code: the function's, when it holds DDL.
    void note_function(const std::string& schema, const std::string& name, std::optional<FunctionCode> code = {});
    // The code with DDL of the function that a call of [schema.]name reaches, if it has some.
    const FunctionCode* function_code(const std::vector<std::string_view>& names) const;
    // ALTER FUNCTION [schema.]name RENAME TO or SET SCHEMA: the function's code moves along.
    void move_function(const std::vector<std::string_view>& names, std::optional<std::string> new_schema,
                       std::optional<std::string> new_name);
    // The schema of the function an unqualified call of name reaches, empty for pg_catalog.
    std::string function_schema(const std::string& name) const;

    void note_schema_created(const std::string& schema, uint32_t file);
    // The file that created schema, or UINT32_MAX when it was not created by the inputs.
    uint32_t schema_created_file(const std::string& schema) const;

    // The relations touched since the last call, each once: what a migration file's
    // transaction changed, for the isolation rule to decide at its end.
    std::vector<Relation*> take_touched_relations();

    template <typename Visit>
    void for_each_relation(Visit visit) const {
        for (const auto& entry : relations_) visit(*entry.second);
    }
    size_t relation_count() const { return relations_.size(); }
    // The views and materialized views, in the order they were created: a commit that looks
    // for the views reaching what it touched need not walk thousands of tables.
    const std::vector<const Relation*>& views() const { return views_; }

private:
    static std::string key(std::string_view schema, std::string_view name);
    void unlink(Relation* relation);
    // Stores relation under a new schema and name.
    void move(Relation* relation, std::string schema, std::string name);
    // Destroys the relation stored under relation_key, if any.
    void erase(const std::string& relation_key);

    std::unordered_map<std::string, std::unique_ptr<Relation>> relations_;
    std::unordered_map<std::string, uint32_t> schema_created_file_;
    std::map<std::string, RoleState> roles_;
    std::set<std::pair<std::string, std::string>> functions_;
    std::map<std::pair<std::string, std::string>, FunctionCode> function_code_;
    std::vector<std::string> search_path_;
    std::vector<Relation*> touched_;
    std::vector<const Relation*> views_;
};

// Splits a search_path string ("app, \"Mixed\", public") into schema names, folding them
// the way PostgreSQL folds identifiers: unquoted ones downcased, quoted ones kept. With '.'
// as separator it splits a regclass literal ('app."Orders"') into schema and name.
std::vector<std::string> fold_identifier_list(std::string_view text, char separator = ',');

}  // namespace tenant_guard::analyzer
