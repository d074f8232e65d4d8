// unapproved-destructive-change: statements that destroy stored data or protections,
// unless an approval comment names the rule with a reason. Each statement is judged against
// the model as it was before it: what the same file created destroys nothing stored.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "column_type.h"
#include "pg_nodes.h"
#include "rule.h"
#include "tree_names.h"

namespace tenant_guard::analyzer {

namespace {

class Check : public Rule {
public:
    void statement(const StatementInput& input, std::vector<Finding>& findings) override {
        (void)findings;  // held until the file commits
        switch (pg::tag(input.node)) {
            case T_CreateStmt: declare_columns(*pg::as<CreateStmt>(input.node), input); break;
            case T_DropStmt: drop(*pg::as<DropStmt>(input.node), input); break;
            case T_AlterTableStmt: alter_table(*pg::as<AlterTableStmt>(input.node), input); break;
            case T_TruncateStmt: truncate(*pg::as<TruncateStmt>(input.node), input); break;
            case T_DeleteStmt: {
                const DeleteStmt* remove = pg::as<DeleteStmt>(input.node);
                if (!remove->whereClause) without_where("DELETE", remove->relation, input);
                break;
            }
            case T_UpdateStmt: {
                const UpdateStmt* update = pg::as<UpdateStmt>(input.node);
                if (!update->whereClause && !is_backfill(*update, input))
                    without_where("UPDATE", update->relation, input);
                break;
            }
            case T_MergeStmt: merge(*pg::as<MergeStmt>(input.node), input); break;
            case T_CreatePolicyStmt: withdraw_replaced_policy(*pg::as<CreatePolicyStmt>(input.node), input); break;
            default: break;
        }
    }

    void commit(const CommitInput& input, std::vector<Finding>& findings) override {
        (void)input;
        for (Change& change : this_file_)
            if (!change.withdrawn) findings.push_back(std::move(change.finding));
        this_file_.clear();
    }

private:
    // The type a column definition declared, or the last ALTER COLUMN ... TYPE gave it, by
    // where the column was defined (a column keeps that through renames of it and its table):
    // the model keeps the type's name only, a widening needs its modifiers too. Kept with the
    // name the model holds, so that a column whose type changed by a route not seen here
    // (the model would then hold another name) is not judged on a stale type.
    struct KnownType {
        DeclaredType type;
        SharedText model_name;

        bool operator==(const KnownType& other) const {
            return type == other.type && model_name == other.model_name;
        }
    };
    struct KnownTypeHash {
        size_t operator()(const KnownType& known) const {
            size_t hash = std::hash<SharedText>()(known.type.name) * 31 + std::hash<SharedText>()(known.model_name);
            for (int modifier : known.type.modifiers) hash = hash * 31 + static_cast<size_t>(modifier);
            return hash * 2 + known.type.array;
        }
    };
    // The distinct known types, a few dozen on any history: each column refers to one.
    std::vector<KnownType> types_;
    std::unordered_map<KnownType, uint32_t, KnownTypeHash> type_numbers_;  // the index of each in types_
    static constexpr uint32_t kUnknownType = UINT32_MAX;

    // Looked up before it is inserted: emplace would build a node, and copy the type into it,
    // for every column, though nearly all of them have a type seen before.
    uint32_t type_number(KnownType type) {
        if (auto known = type_numbers_.find(type); known != type_numbers_.end()) return known->second;
        const uint32_t number = static_cast<uint32_t>(types_.size());
        type_numbers_.emplace(type, number);
        types_.push_back(std::move(type));
        return number;
    }

    using ColumnKey = std::pair<uint32_t, uint32_t>;  // the file and offset of its definition
    // One entry for every column of the history (half a million on the generated one), in a
    // vector sorted by key: columns are declared in that order, file by file and down each
    // file, so an entry is appended at the end, and takes 12 bytes. A type that is no longer
    // known is set to kUnknownType rather than erased from the middle.
    struct DeclaredColumn {
        ColumnKey key;
        uint32_t type;  // in types_, or kUnknownType
    };
    std::vector<DeclaredColumn> declared_;

    // The type number of the column defined at key, null when none was recorded.
    uint32_t* known_type(ColumnKey key) {
        auto at = std::lower_bound(declared_.begin(), declared_.end(), key,
                                   [](const DeclaredColumn& column, ColumnKey wanted) { return column.key < wanted; });
        return at != declared_.end() && at->key == key ? &at->type : nullptr;
    }

    void set_known_type(ColumnKey key, uint32_t type) {
        if (uint32_t* entry = known_type(key)) {
            *entry = type;
            return;
        }
        if (type == kUnknownType) return;
        auto at = std::lower_bound(declared_.begin(), declared_.end(), key,
                                   [](const DeclaredColumn& column, ColumnKey wanted) { return column.key < wanted; });
        declared_.insert(at, {key, type});
    }

    static SharedText model_type_name(const TypeName* type_name) {
        std::string_view last;
        if (type_name)
            for (const Node* name : pg::items(type_name->names))
                if (pg::as<String>(name)) last = pg::string_value(name);
        return last;
    }

    // Inside a DO block every node has the block's location, so columns defined there are
    // not told apart: they are not recorded (a change of their type stays destructive).
    std::optional<ColumnKey> declare(const ColumnDef& definition, const StatementInput& input) {
        if (!input.context.exact_locations) return std::nullopt;
        Location where = input.context.location_of(definition.location);
        ColumnKey key{where.file, where.offset};
        std::optional<DeclaredType> type = declared_type(definition.typeName);
        set_known_type(key, type ? type_number(KnownType{std::move(*type), model_type_name(definition.typeName)})
                                 : kUnknownType);
        return key;
    }

    void declare_columns(const CreateStmt& statement, const StatementInput& input) {
        for (const Node* element : pg::items(statement.tableElts))
            if (const ColumnDef* definition = pg::as<ColumnDef>(element)) declare(*definition, input);
    }

    // Whether ALTER COLUMN ... TYPE of the column defined at key keeps every value: no USING,
    // and a lossless conversion from the type it has (model_name: the type's name in the model,
    // null for a column that the same statement added). Records the new type either way.
    bool change_type(const AlterTableCmd& command, ColumnKey key, const SharedText* model_name) {
        const ColumnDef* definition = pg::as<ColumnDef>(command.def);
        std::optional<DeclaredType> to = definition ? declared_type(definition->typeName) : std::nullopt;
        uint32_t* known = known_type(key);
        if (!known || *known == kUnknownType) return false;
        const KnownType& from = types_[*known];
        bool lossless = (!model_name || from.model_name == *model_name) && to && !definition->raw_default &&
                        is_lossless_conversion(from.type, *to);
        *known = to ? type_number(KnownType{*to, model_type_name(definition->typeName)}) : kUnknownType;
        return lossless;
    }

    // UPDATE without WHERE that only sets columns the same file added to an existing table
    // fills them in (a backfill): it overwrites nothing that was stored before the file.
    static bool is_backfill(const UpdateStmt& statement, const StatementInput& input) {
        return is_backfill(statement.relation, statement.targetList, input);
    }

    static bool is_backfill(const RangeVar* table, const List* target_list, const StatementInput& input) {
        if (!table) return false;
        const Relation* relation = input.model.find(qualified_name_of_range_var(*table));
        if (!relation || pg::items(target_list).empty()) return false;
        for (const Node* item : pg::items(target_list)) {
            const ResTarget* target = pg::as<ResTarget>(item);
            const Column* column = target ? relation->find_column(pg::text(target->name)) : nullptr;
            if (!column || column->defined.location.file != input.context.file) return false;
        }
        return true;
    }

    struct Change {
        Finding finding;
        // A DROP POLICY that the same file follows with a CREATE POLICY of the same name on the
        // same table (the usual idempotent re-creation) removes no protection by itself: the
        // new policy is judged by the isolation rules instead.
        std::string dropped_policy;
        bool withdrawn = false;
    };

    // The relation a name resolves to before the statement, unless an earlier object of the
    // same statement dropped it.
    static const Relation* find(const StatementInput& input, const QualifiedName& name,
                                const std::set<const Relation*>& dropped = {}) {
        const Relation* relation = input.model.find(name);
        return relation && dropped.count(relation) ? nullptr : relation;
    }

    static std::string display_name(const StatementInput& input, const QualifiedName& name, const Relation* relation) {
        if (relation) return relation->qualified_name();
        return (name.schema.empty() ? input.model.creation_schema(false) : name.schema) + "." + name.name;
    }

    static bool created_in_this_file(const Relation* relation, const StatementInput& input) {
        return relation && relation->created_file == input.context.file;
    }

    void record(const StatementInput& input, const std::string& description, std::string table,
                std::string dropped_policy = {}) {
        Change change;
        change.finding.location = input.context.statement_location();
        change.finding.statement = input.context.statement;
        change.finding.message = description + " destroys existing data or protection and is not approved";
        change.finding.hint = "if it is intended, approve it on the line above the statement: "
                              "-- tenant-guard: ignore unapproved-destructive-change <why it is safe>";
        change.finding.table = std::move(table);
        change.dropped_policy = std::move(dropped_policy);
        this_file_.push_back(std::move(change));
    }

    // What SchemaModel::drop removes with a relation: its partitions, and with CASCADE its
    // inheritance children.
    static void mark_dropped(const Relation* relation, bool cascade, std::set<const Relation*>& dropped) {
        if (!dropped.insert(relation).second) return;
        for (const Relation* child : relation->children)
            if (cascade || relation->kind == RelationKind::PartitionedTable) mark_dropped(child, cascade, dropped);
    }

    void drop(const DropStmt& statement, const StatementInput& input) {
        std::set<const Relation*> dropped;
        std::set<std::string> dropped_schemas;
        for (const Node* object : pg::items(statement.objects)) {
            std::vector<std::string_view> parts = object_names(object);
            if (parts.empty()) continue;
            if (is_relation_object(statement.removeType)) {
                QualifiedName name = relation_name_from_parts(parts, std::min<size_t>(parts.size(), 2));
                const Relation* relation = find(input, name, dropped);
                if (statement.removeType == OBJECT_TABLE && !created_in_this_file(relation, input))
                    record(input, "DROP TABLE " + display_name(input, name, relation),
                           display_name(input, name, relation));
                if (relation) mark_dropped(relation, statement.behavior == DROP_CASCADE, dropped);
            } else if (statement.removeType == OBJECT_TYPE && statement.behavior == DROP_CASCADE) {
                // DROP TYPE ... CASCADE drops the tables typed by a composite type with it.
                const Relation* type =
                    parts.size() <= 2 ? find(input, relation_name_from_parts(parts, parts.size()), dropped) : nullptr;
                if (!type || type->kind != RelationKind::CompositeType) continue;
                for (const Relation* table : input.model.typed_tables(*type)) {
                    if (!created_in_this_file(table, input) && !dropped.count(table))
                        record(input, "DROP TYPE " + type->qualified_name() + " CASCADE, which drops table " +
                                   table->qualified_name() + ",", table->qualified_name());
                    mark_dropped(table, true, dropped);
                }
            } else if (statement.removeType == OBJECT_SCHEMA) {
                std::string schema(parts.back());
                bool created_here =
                    !dropped_schemas.count(schema) && input.model.schema_created_file(schema) == input.context.file;
                if (!created_here) record(input, "DROP SCHEMA " + schema, "");
                dropped_schemas.insert(schema);
            } else if (statement.removeType == OBJECT_POLICY) {
                if (parts.size() < 2) continue;
                std::vector<std::string_view> table_parts(parts.begin(), parts.end() - 1);
                QualifiedName table_name =
                    relation_name_from_parts(table_parts, std::min<size_t>(table_parts.size(), 2));
                const Relation* relation = find(input, table_name);
                std::string_view policy_name = parts.back();
                const PolicyState* policy = relation ? relation->find_policy(policy_name) : nullptr;
                bool new_policy = policy && policy->created_file == input.context.file;
                bool absent_and_allowed = relation && !policy && statement.missing_ok;
                if (!new_policy && !absent_and_allowed) {
                    std::string table = display_name(input, table_name, relation);
                    record(input, "DROP POLICY " + std::string(policy_name) + " ON " + table, table,
                           std::string(policy_name));
                }
            }
        }
    }

    // Re-creating a policy that this file dropped: the drop was a replacement, not a loss.
    void withdraw_replaced_policy(const CreatePolicyStmt& statement, const StatementInput& input) {
        if (!statement.table) return;
        const Relation* relation = find(input, qualified_name_of_range_var(*statement.table));
        if (!relation) return;
        std::string_view name = pg::text(statement.policy_name);
        for (Change& change : this_file_)
            if (change.dropped_policy == name && change.finding.table == relation->qualified_name())
                change.withdrawn = true;
    }

    static bool changes_columns(const AlterTableStmt& statement) {
        for (const Node* command_node : pg::items(statement.cmds)) {
            const AlterTableCmd* command = pg::as<AlterTableCmd>(command_node);
            if (command && (pg::is_add_column(command->subtype) || pg::is_drop_column(command->subtype) ||
                            command->subtype == AT_AlterColumnType))
                return true;
        }
        return false;
    }

    // ALTER TYPE ... DROP ATTRIBUTE ... CASCADE drops the column from the tables typed by the
    // composite type (and their children).
    void drop_attributes(const AlterTableStmt& statement, const StatementInput& input) {
        const Relation* type = input.model.find(qualified_name_of_range_var(*statement.relation));
        if (!type || type->kind != RelationKind::CompositeType) return;
        for (const Node* command_node : pg::items(statement.cmds)) {
            const AlterTableCmd* command = pg::as<AlterTableCmd>(command_node);
            if (!command || !pg::is_drop_column(command->subtype) || command->behavior != DROP_CASCADE) continue;
            const std::string column(pg::text(command->name));
            for (const Relation* table : input.model.typed_tables(*type)) {
                const Column* existing = table->find_column(column);
                if (existing && existing->defined.location.file != input.context.file)
                    record(input, "ALTER TYPE " + type->qualified_name() + " DROP ATTRIBUTE " + column +
                               " CASCADE, which drops column " + table->qualified_name() + "." + column + ",",
                           table->qualified_name());
            }
        }
    }

    void alter_table(const AlterTableStmt& statement, const StatementInput& input) {
        if (statement.objtype == OBJECT_TYPE && statement.relation) drop_attributes(statement, input);
        // Most ALTER TABLEs add constraints or indexes: nothing to look up for them.
        if (!is_relation_object(statement.objtype) || !statement.relation || !changes_columns(statement)) return;
        QualifiedName name = qualified_name_of_range_var(*statement.relation);
        const Relation* relation = find(input, name);
        // Columns that earlier subcommands of this statement added (true) or dropped (false).
        std::map<std::string, bool, std::less<>> changed;
        std::map<std::string, ColumnKey, std::less<>> added_here;  // where their types are recorded
        auto column_state = [&](std::string_view column) {
            // Whether the column exists, and whether this file defined it.
            if (auto found = changed.find(column); found != changed.end()) return std::pair{found->second, found->second};
            const Column* existing = relation ? relation->find_column(column) : nullptr;
            return std::pair{existing != nullptr, existing && existing->defined.location.file == input.context.file};
        };
        for (const Node* command_node : pg::items(statement.cmds)) {
            const AlterTableCmd* command = pg::as<AlterTableCmd>(command_node);
            if (!command) continue;
            std::string_view column = pg::text(command->name);
            if (pg::is_add_column(command->subtype)) {
                const ColumnDef* definition = pg::as<ColumnDef>(command->def);
                std::string_view added = definition ? pg::text(definition->colname) : std::string_view();
                if (relation && !added.empty() && !column_state(added).first) {
                    changed[std::string(added)] = true;
                    if (std::optional<ColumnKey> key = declare(*definition, input)) added_here[std::string(added)] = *key;
                }
            } else if (pg::is_drop_column(command->subtype)) {
                auto [exists, new_here] = column_state(column);
                if (!new_here && !(!exists && command->missing_ok && relation))
                    record(input, "DROP COLUMN " + display_name(input, name, relation) + "." + std::string(column),
                           display_name(input, name, relation));
                if (relation) changed[std::string(column)] = false;
                if (auto added = added_here.find(column); added != added_here.end()) added_here.erase(added);
            } else if (command->subtype == AT_AlterColumnType) {
                bool lossless = false;
                if (auto added = added_here.find(column); added != added_here.end()) {
                    lossless = change_type(*command, added->second, nullptr);
                } else if (const Column* existing = relation && !changed.count(column) ? relation->find_column(column) : nullptr) {
                    lossless = change_type(*command, {existing->defined.location.file, existing->defined.location.offset},
                                           &existing->type);
                }
                if (!column_state(column).second && !lossless)
                    record(input,
                           "ALTER COLUMN " + display_name(input, name, relation) + "." + std::string(column) + " TYPE",
                           display_name(input, name, relation));
            }
        }
    }

    void truncate(const TruncateStmt& statement, const StatementInput& input) {
        for (const Node* item : pg::items(statement.relations)) {
            const RangeVar* range_var = pg::as<RangeVar>(item);
            if (!range_var) continue;
            QualifiedName name = qualified_name_of_range_var(*range_var);
            const Relation* relation = find(input, name);
            if (!created_in_this_file(relation, input))
                record(input, "TRUNCATE " + display_name(input, name, relation), display_name(input, name, relation));
        }
    }

    void without_where(const char* command, const RangeVar* range_var, const StatementInput& input) {
        every_row(std::string(command) + " without WHERE on ", range_var, input);
    }

    // A change that reaches every row of a table the file did not create; description names
    // the change, and the table follows it.
    void every_row(const std::string& description, const RangeVar* range_var, const StatementInput& input) {
        if (!range_var) return;
        QualifiedName name = qualified_name_of_range_var(*range_var);
        const Relation* relation = find(input, name);
        if (created_in_this_file(relation, input)) return;
        record(input, description + display_name(input, name, relation), display_name(input, name, relation));
    }

    // MERGE's WHEN NOT MATCHED BY SOURCE (PostgreSQL 17) acts on every target row that no
    // source row matches: without an AND condition, its DELETE or UPDATE is one without WHERE
    // for the rows the source lacks, all of them when the source is empty. (WHEN MATCHED is
    // bounded by the join condition, like DELETE ... USING with a WHERE.)
    void merge(const MergeStmt& statement, const StatementInput& input) {
        for (const Node* item : pg::items(statement.mergeWhenClauses)) {
            const MergeWhenClause* clause = pg::as<MergeWhenClause>(item);
            if (!clause || clause->condition || pg::merge_match(*clause) != pg::MergeMatch::NotMatchedBySource)
                continue;
            if (clause->commandType == CMD_DELETE)
                every_row("MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE on ", statement.relation, input);
            else if (clause->commandType == CMD_UPDATE && !is_backfill(statement.relation, clause->targetList, input))
                every_row("MERGE ... WHEN NOT MATCHED BY SOURCE THEN UPDATE on ", statement.relation, input);
        }
    }

    std::vector<Change> this_file_;
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::UnapprovedDestructiveChange>() {
    static const RuleDefinition definition{
        R"(These statements destroy rows, columns or a protection that a deploy cannot give back:
DROP TABLE, DROP COLUMN, DROP SCHEMA, TRUNCATE, ALTER COLUMN ... TYPE, DROP POLICY, and
DELETE or UPDATE without WHERE; likewise DROP TYPE ... CASCADE and ALTER TYPE ... DROP
ATTRIBUTE ... CASCADE, which drop the tables typed by a composite type (CREATE TABLE ... OF)
or their column. Each needs an approval comment on the line above it that says why it is safe;
the approval is listed with its reason in JSON and SARIF output.

A change to something the same migration file created destroys no stored data (the file runs
as one unit, so nothing was stored in between) and is not reported: CREATE TABLE t ...;
DROP TABLE t; in one file is fine. Likewise an UPDATE without WHERE that only sets columns
the same file added is a backfill, which overwrites nothing stored before, and a DROP POLICY
that the same file follows with a CREATE POLICY of that name on that table is a replacement
(the new policy is judged by the isolation rules). A DROP ... IF EXISTS of something the
migrations never created is reported, since it may exist in production.

ALTER COLUMN ... TYPE without USING that PostgreSQL performs without changing any value is
not reported: int2 to int4 or int8, int4 to int8, an integer to numeric with room for all its
digits (numeric, or numeric(p,s) with s >= 0 and p - s >= 5, 10 or 19) or to a float that
holds it exactly (int2 to real, int2 or int4 to double precision), real to double
precision, numeric(p,s) to numeric or to numeric(p2,s2) with s2 >= s and p2 - s2 >= p - s,
varchar(n) to text, varchar or varchar(m) with m >= n, text to varchar. The old type must be
known from the column's definition in the migrations: a column copied by LIKE, made by
CREATE TABLE AS or defined in a DO block is not. Anything else is reported, including
char(n) to text or varchar (the conversion strips trailing spaces) and any USING.

Example:
    ALTER TABLE invoices DROP COLUMN legacy_total;

Fix, once reviewed:
    -- tenant-guard: ignore unapproved-destructive-change legacy_total was replaced by total in 2024 and is unread
    ALTER TABLE invoices DROP COLUMN legacy_total;)",
        [](const Config&) -> std::unique_ptr<Rule> { return std::make_unique<Check>(); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
