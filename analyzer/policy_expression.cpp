#include "policy_expression.h"

#include <algorithm>

namespace tenant_guard::analyzer {

namespace {

using json_tree::Node;

struct RangeEntry {
    std::string_view visible_name;  // alias, or the table name when there is none
    const Relation* relation;       // null when the model does not know its columns
};

class ReferenceCollector {
public:
    ReferenceCollector(const Relation& policy_table, const SchemaModel& model)
        : policy_table_(policy_table), model_(model) {}

    void walk(Node node) {
        simdjson::dom::object object;
        simdjson::dom::array array;
        if (node.get(object) == simdjson::SUCCESS) {
            for (auto member : object) {
                if (member.key == "ColumnRef") column_reference(member.value);
                else if (member.key == "SelectStmt") subquery(member.value);
                else walk(member.value);
            }
        } else if (node.get(array) == simdjson::SUCCESS) {
            for (Node item : array) walk(item);
        }
    }

    std::vector<std::string> take() { return std::move(columns_); }

private:
    void collect_range(Node item, std::vector<RangeEntry>& scope) {
        std::string_view type;
        Node body;
        if (!json_tree::unwrap(item, type, body)) return;
        Node alias;
        std::string_view alias_name;
        if (json_tree::field(body, "alias", alias)) alias_name = json_tree::text(alias, "aliasname");
        if (type == "RangeVar") {
            QualifiedName name{std::string(json_tree::text(body, "schemaname")),
                               std::string(json_tree::text(body, "relname"))};
            const Relation* relation = model_.find(name);
            scope.push_back({alias_name.empty() ? json_tree::text(body, "relname") : alias_name,
                             relation});
        } else if (type == "JoinExpr") {
            Node side;
            if (json_tree::field(body, "larg", side)) collect_range(side, scope);
            if (json_tree::field(body, "rarg", side)) collect_range(side, scope);
        } else {
            // Subqueries and functions in FROM: their columns are not in the model.
            scope.push_back({alias_name, nullptr});
        }
    }

    void subquery(Node select) {
        std::vector<RangeEntry> scope;
        for (Node item : json_tree::list(select, "fromClause")) collect_range(item, scope);
        scopes_.push_back(std::move(scope));
        walk(select);
        scopes_.pop_back();
    }

    void column_reference(Node reference) {
        std::vector<std::string_view> fields = json_tree::strings(reference, "fields");
        size_t field_count = json_tree::list(reference, "fields").size();
        if (fields.size() != field_count || fields.empty()) return;  // t.* or a star
        std::string_view column = fields.back();
        if (fields.size() == 1) {
            for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
                for (const RangeEntry& entry : *scope) {
                    if (entry.relation && entry.relation->find_column(column)) return;
                }
            }
            record(column);
            return;
        }
        std::string_view qualifier = fields[fields.size() - 2];
        for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
            for (const RangeEntry& entry : *scope) {
                if (entry.visible_name == qualifier) return;
            }
        }
        if (qualifier != policy_table_.name) return;
        if (fields.size() >= 3 && fields[fields.size() - 3] != policy_table_.schema) return;
        record(column);
    }

    void record(std::string_view column) {
        if (std::find(columns_.begin(), columns_.end(), column) == columns_.end())
            columns_.emplace_back(column);
    }

    const Relation& policy_table_;
    const SchemaModel& model_;
    std::vector<std::vector<RangeEntry>> scopes_;
    std::vector<std::string> columns_;
};

}  // namespace

std::vector<std::string> policy_table_columns_referenced(Node expression,
                                                         const Relation& policy_table,
                                                         const SchemaModel& model) {
    ReferenceCollector collector(policy_table, model);
    collector.walk(expression);
    return collector.take();
}

}  // namespace tenant_guard::analyzer
