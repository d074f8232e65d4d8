#include "policy_expression.h"

#include <algorithm>

#include "pg_nodes.h"

namespace tenant_guard::analyzer {

namespace {

struct RangeEntry {
    std::string_view visible_name;  // alias, or the table name when there is none
    const Relation* relation;       // null when the model does not know its columns
};

std::string_view alias_name(const Alias* alias) { return alias ? pg::text(alias->aliasname) : std::string_view(); }

class ReferenceCollector {
public:
    ReferenceCollector(const Relation& policy_table, const SchemaModel& model)
        : policy_table_(policy_table), model_(model) {}

    // Iterative: a chain like a + b + c + ... is as deep as it is long, and the parser
    // accepts chains far deeper than a thread's stack would take recursively.
    void run(const Node* expression) {
        walk(expression);
        while (!pending_.empty()) {
            Pending item = pending_.back();
            pending_.pop_back();
            switch (item.step) {
                case Step::Visit: visit(item.node); break;
                case Step::SelectChildren: select_children(*reinterpret_cast<const SelectStmt*>(item.node)); break;
                case Step::LeaveScope: scopes_.pop_back(); break;
            }
        }
    }

    std::vector<std::string> take() { return std::move(columns_); }

private:
    enum class Step { Visit, SelectChildren, LeaveScope };
    struct Pending {
        const Node* node;
        Step step;
    };

    void visit(const Node* node) {
        switch (pg::tag(node)) {
            case T_ColumnRef: column_reference(*pg::as<ColumnRef>(node)); return;
            case T_SelectStmt: subquery(*pg::as<SelectStmt>(node)); return;
            default: walk_children(node);
        }
    }

    // Walks a node after what is already pending, in no particular order: which columns an
    // expression references does not depend on it.
    void walk(const Node* node) {
        if (node) pending_.push_back({node, Step::Visit});
    }
    void walk(const List* list) {
        for (const Node* item : pg::items(list)) walk(item);
    }
    template <typename T>
    void walk(const T* node) {
        walk(reinterpret_cast<const Node*>(node));
    }

    // Every subexpression of a node of the raw grammar's expressions, FROM items and queries.
    void walk_children(const Node* node) {
        switch (pg::tag(node)) {
            case T_List: walk(reinterpret_cast<const List*>(node)); break;
            case T_A_Expr: {
                auto* n = reinterpret_cast<const A_Expr*>(node);
                walk(n->lexpr);
                walk(n->rexpr);
                break;
            }
            case T_TypeCast: {
                auto* n = reinterpret_cast<const TypeCast*>(node);
                walk(n->arg);
                walk(n->typeName);
                break;
            }
            case T_TypeName: walk(reinterpret_cast<const TypeName*>(node)->typmods); walk(reinterpret_cast<const TypeName*>(node)->arrayBounds); break;
            case T_CollateClause: walk(reinterpret_cast<const CollateClause*>(node)->arg); break;
            case T_FuncCall: {
                auto* n = reinterpret_cast<const FuncCall*>(node);
                walk(n->args);
                walk(n->agg_order);
                walk(n->agg_filter);
                if (n->over) window(*n->over);
                break;
            }
            case T_A_Indices: {
                auto* n = reinterpret_cast<const A_Indices*>(node);
                walk(n->lidx);
                walk(n->uidx);
                break;
            }
            case T_A_Indirection: {
                auto* n = reinterpret_cast<const A_Indirection*>(node);
                walk(n->arg);
                walk(n->indirection);
                break;
            }
            case T_A_ArrayExpr: walk(reinterpret_cast<const A_ArrayExpr*>(node)->elements); break;
            case T_ResTarget: {
                auto* n = reinterpret_cast<const ResTarget*>(node);
                walk(n->indirection);
                walk(n->val);
                break;
            }
            case T_MultiAssignRef: walk(reinterpret_cast<const MultiAssignRef*>(node)->source); break;
            case T_SortBy: walk(reinterpret_cast<const SortBy*>(node)->node); break;
            case T_WindowDef: window(*reinterpret_cast<const WindowDef*>(node)); break;
            case T_RangeSubselect: walk(reinterpret_cast<const RangeSubselect*>(node)->subquery); break;
            case T_RangeFunction: {
                auto* n = reinterpret_cast<const RangeFunction*>(node);
                walk(n->functions);
                walk(n->coldeflist);
                break;
            }
            case T_RangeTableFunc: {
                auto* n = reinterpret_cast<const RangeTableFunc*>(node);
                walk(n->docexpr);
                walk(n->rowexpr);
                walk(n->namespaces);
                walk(n->columns);
                break;
            }
            case T_RangeTableFuncCol: {
                auto* n = reinterpret_cast<const RangeTableFuncCol*>(node);
                walk(n->typeName);
                walk(n->colexpr);
                walk(n->coldefexpr);
                break;
            }
            case T_RangeTableSample: {
                auto* n = reinterpret_cast<const RangeTableSample*>(node);
                walk(n->relation);
                walk(n->args);
                walk(n->repeatable);
                break;
            }
            case T_ColumnDef: {
                auto* n = reinterpret_cast<const ColumnDef*>(node);
                walk(n->typeName);
                walk(n->raw_default);
                walk(n->cooked_default);
                walk(n->collClause);
                walk(n->constraints);
                break;
            }
            case T_SubLink: {
                auto* n = reinterpret_cast<const SubLink*>(node);
                walk(n->testexpr);
                walk(n->subselect);
                break;
            }
            case T_BoolExpr: walk(reinterpret_cast<const BoolExpr*>(node)->args); break;
            case T_NullTest: walk(reinterpret_cast<const NullTest*>(node)->arg); break;
            case T_BooleanTest: walk(reinterpret_cast<const BooleanTest*>(node)->arg); break;
            case T_CaseExpr: {
                auto* n = reinterpret_cast<const CaseExpr*>(node);
                walk(n->arg);
                walk(n->args);
                walk(n->defresult);
                break;
            }
            case T_CaseWhen: {
                auto* n = reinterpret_cast<const CaseWhen*>(node);
                walk(n->expr);
                walk(n->result);
                break;
            }
            case T_CoalesceExpr: walk(reinterpret_cast<const CoalesceExpr*>(node)->args); break;
            case T_MinMaxExpr: walk(reinterpret_cast<const MinMaxExpr*>(node)->args); break;
            case T_RowExpr: walk(reinterpret_cast<const RowExpr*>(node)->args); break;
            case T_XmlExpr: {
                auto* n = reinterpret_cast<const XmlExpr*>(node);
                walk(n->named_args);
                walk(n->args);
                break;
            }
            case T_XmlSerialize: {
                auto* n = reinterpret_cast<const XmlSerialize*>(node);
                walk(n->expr);
                walk(n->typeName);
                break;
            }
            case T_GroupingFunc: walk(reinterpret_cast<const GroupingFunc*>(node)->args); break;
            case T_GroupingSet: walk(reinterpret_cast<const GroupingSet*>(node)->content); break;
            case T_NamedArgExpr: walk(reinterpret_cast<const NamedArgExpr*>(node)->arg); break;
            case T_JoinExpr: {
                auto* n = reinterpret_cast<const JoinExpr*>(node);
                walk(n->larg);
                walk(n->rarg);
                walk(n->quals);
                break;
            }
            case T_WithClause: walk(reinterpret_cast<const WithClause*>(node)->ctes); break;
            case T_CommonTableExpr: {
                auto* n = reinterpret_cast<const CommonTableExpr*>(node);
                walk(n->ctequery);
                if (n->cycle_clause) {
                    walk(n->cycle_clause->cycle_mark_value);
                    walk(n->cycle_clause->cycle_mark_default);
                }
                break;
            }
            case T_IntoClause: walk(reinterpret_cast<const IntoClause*>(node)->viewQuery); break;
            case T_DefElem: walk(reinterpret_cast<const DefElem*>(node)->arg); break;
            case T_InsertStmt: {
                auto* n = reinterpret_cast<const InsertStmt*>(node);
                walk(n->cols);
                walk(n->selectStmt);
                walk(n->onConflictClause);
                walk(pg::returning_list(*n));
                walk(n->withClause);
                break;
            }
            case T_OnConflictClause: {
                auto* n = reinterpret_cast<const OnConflictClause*>(node);
                walk(n->infer);
                walk(n->targetList);
                walk(n->whereClause);
                break;
            }
            case T_InferClause: {
                auto* n = reinterpret_cast<const InferClause*>(node);
                walk(n->indexElems);
                walk(n->whereClause);
                break;
            }
            case T_IndexElem: walk(reinterpret_cast<const IndexElem*>(node)->expr); break;
            case T_UpdateStmt: {
                auto* n = reinterpret_cast<const UpdateStmt*>(node);
                walk(n->targetList);
                walk(n->whereClause);
                walk(n->fromClause);
                walk(pg::returning_list(*n));
                walk(n->withClause);
                break;
            }
            case T_DeleteStmt: {
                auto* n = reinterpret_cast<const DeleteStmt*>(node);
                walk(n->usingClause);
                walk(n->whereClause);
                walk(pg::returning_list(*n));
                walk(n->withClause);
                break;
            }
            case T_MergeStmt: {  // a WITH query since PostgreSQL 17
                auto* n = reinterpret_cast<const MergeStmt*>(node);
                walk(n->sourceRelation);
                walk(n->joinCondition);
                walk(n->mergeWhenClauses);
                walk(pg::returning_list(*n));
                walk(n->withClause);
                break;
            }
            case T_MergeWhenClause: {
                auto* n = reinterpret_cast<const MergeWhenClause*>(node);
                walk(n->condition);
                walk(n->targetList);
                walk(n->values);
                break;
            }
            default:
                // Constants, parameters and names have nothing below; SQL/JSON nodes are per
                // version.
                pg::walk_version_specific_children(node, [this](const auto* child) { walk(child); });
                break;
        }
    }

    void window(const WindowDef& window) {
        walk(window.partitionClause);
        walk(window.orderClause);
        walk(window.startOffset);
        walk(window.endOffset);
    }

    void select_children(const SelectStmt& select) {
        walk(select.distinctClause);
        walk(select.intoClause);
        walk(select.targetList);
        walk(select.fromClause);
        walk(select.whereClause);
        walk(select.groupClause);
        walk(select.havingClause);
        walk(select.windowClause);
        walk(select.valuesLists);
        walk(select.sortClause);
        walk(select.limitOffset);
        walk(select.limitCount);
        walk(select.lockingClause);
        walk(select.withClause);
        // The branches of UNION, INTERSECT and EXCEPT are read as part of the set operation's
        // level, without scopes of their own, as the first version of this analysis did.
        for (const SelectStmt* branch : {select.larg, select.rarg})
            if (branch) pending_.push_back({reinterpret_cast<const Node*>(branch), Step::SelectChildren});
    }

    // The tables a FROM item brings into scope, through any depth of joins.
    void collect_range(const Node* from_item, std::vector<RangeEntry>& scope) {
        std::vector<const Node*> items{from_item};
        while (!items.empty()) {
            const Node* item = items.back();
            items.pop_back();
            if (const RangeVar* range_var = pg::as<RangeVar>(item)) {
                QualifiedName name{std::string(pg::text(range_var->schemaname)),
                                   std::string(pg::text(range_var->relname))};
                std::string_view alias = alias_name(range_var->alias);
                scope.push_back({alias.empty() ? pg::text(range_var->relname) : alias, model_.find(name)});
            } else if (const JoinExpr* join = pg::as<JoinExpr>(item)) {
                if (join->rarg) items.push_back(join->rarg);
                if (join->larg) items.push_back(join->larg);
            } else if (pg::tag(item) != T_Invalid) {
                // Subqueries and functions in FROM: their columns are not in the model.
                scope.push_back({alias_name(alias_of_range_item(item)), nullptr});
            }
        }
    }

    static const Alias* alias_of_range_item(const Node* item) {
        switch (pg::tag(item)) {
            case T_RangeSubselect: return reinterpret_cast<const RangeSubselect*>(item)->alias;
            case T_RangeFunction: return reinterpret_cast<const RangeFunction*>(item)->alias;
            case T_RangeTableFunc: return reinterpret_cast<const RangeTableFunc*>(item)->alias;
            default: return pg::version_specific_range_alias(item);
        }
    }

    void subquery(const SelectStmt& select) {
        std::vector<RangeEntry> scope;
        for (const Node* item : pg::items(select.fromClause)) collect_range(item, scope);
        scopes_.push_back(std::move(scope));
        pending_.push_back({nullptr, Step::LeaveScope});  // after everything the select holds
        select_children(select);
    }

    void column_reference(const ColumnRef& reference) {
        std::vector<std::string_view> fields;
        for (const Node* field : pg::items(reference.fields)) {
            if (!pg::as<String>(field)) return;  // t.* or a star
            fields.push_back(pg::string_value(field));
        }
        if (fields.empty()) return;
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
    std::vector<Pending> pending_;
    std::vector<std::vector<RangeEntry>> scopes_;
    std::vector<std::string> columns_;
};

}  // namespace

std::vector<std::string> policy_table_columns(const Node* expression, const Relation& policy_table,
                                            const SchemaModel& model) {
    ReferenceCollector collector(policy_table, model);
    collector.run(expression);
    return collector.take();
}

}  // namespace tenant_guard::analyzer
