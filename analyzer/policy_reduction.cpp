// A policy expression's raw parse tree reduced to core's description (policy_reduction.h).
// The choices are documented in the header; this file follows them.
#include "policy_reduction.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isolation.h"

// PostgreSQL's parse nodes, of the build's version. The C++ headers come first: port.h redefines stdio and string
// names as macros, undone below.
#include "pg_nodes.h"

namespace tenant_guard::analyzer {

namespace {

using isolation::v2::BindingKind;
using isolation::v2::Expression;
using isolation::v2::ValueClass;

// ---- Reading raw nodes ----

template <typename T>
struct TagOf;
#define TENANT_GUARD_TAG(type)                     \
    template <>                                    \
    struct TagOf<type> {                           \
        static constexpr NodeTag value = T_##type; \
    };
TENANT_GUARD_TAG(List)
TENANT_GUARD_TAG(String)
TENANT_GUARD_TAG(A_Const)
TENANT_GUARD_TAG(A_Star)
TENANT_GUARD_TAG(A_Expr)
TENANT_GUARD_TAG(A_ArrayExpr)
TENANT_GUARD_TAG(A_Indirection)
TENANT_GUARD_TAG(A_Indices)
TENANT_GUARD_TAG(BoolExpr)
TENANT_GUARD_TAG(BooleanTest)
TENANT_GUARD_TAG(CaseExpr)
TENANT_GUARD_TAG(CaseWhen)
TENANT_GUARD_TAG(CoalesceExpr)
TENANT_GUARD_TAG(CollateClause)
TENANT_GUARD_TAG(ColumnDef)
TENANT_GUARD_TAG(ColumnRef)
TENANT_GUARD_TAG(CommonTableExpr)
TENANT_GUARD_TAG(FuncCall)
TENANT_GUARD_TAG(GroupingFunc)
TENANT_GUARD_TAG(GroupingSet)
TENANT_GUARD_TAG(JoinExpr)
TENANT_GUARD_TAG(MinMaxExpr)
TENANT_GUARD_TAG(NamedArgExpr)
TENANT_GUARD_TAG(NullTest)
TENANT_GUARD_TAG(RangeFunction)
TENANT_GUARD_TAG(RangeSubselect)
TENANT_GUARD_TAG(RangeTableFunc)
TENANT_GUARD_TAG(RangeTableFuncCol)
TENANT_GUARD_TAG(RangeTableSample)
TENANT_GUARD_TAG(RangeVar)
TENANT_GUARD_TAG(ResTarget)
TENANT_GUARD_TAG(RowExpr)
TENANT_GUARD_TAG(SQLValueFunction)
TENANT_GUARD_TAG(SelectStmt)
TENANT_GUARD_TAG(SortBy)
TENANT_GUARD_TAG(SubLink)
TENANT_GUARD_TAG(TypeCast)
TENANT_GUARD_TAG(TypeName)
TENANT_GUARD_TAG(WindowDef)
TENANT_GUARD_TAG(XmlExpr)
TENANT_GUARD_TAG(XmlSerialize)
#undef TENANT_GUARD_TAG

NodeTag tag_of(const void* node) { return node ? nodeTag(node) : T_Invalid; }

template <typename T>
const T* as(const void* node) {
    return tag_of(node) == TagOf<T>::value ? static_cast<const T*>(node) : nullptr;
}

// The elements of a List (NIL is empty).
std::vector<const Node*> items(const List* list) {
    std::vector<const Node*> out;
    if (!list) return out;
    out.reserve(static_cast<std::size_t>(list->length));
    for (int i = 0; i < list->length; ++i)
        out.push_back(static_cast<const Node*>(list->elements[i].ptr_value));
    return out;
}

std::string text(const char* value) { return value ? std::string(value) : std::string(); }

// A list of String nodes (a qualified name); an element that is not a String reads as empty.
std::vector<std::string> names(const List* list) {
    std::vector<std::string> out;
    for (const Node* item : items(list)) {
        const String* s = as<String>(item);
        out.push_back(s ? text(s->sval) : std::string());
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

// The schema of a qualified name (operator, type, collation, function): the element before
// the last; empty when unqualified.
std::string schema_of(const std::vector<std::string>& qualified) {
    return qualified.size() >= 2 ? qualified[qualified.size() - 2] : std::string();
}

// pg_catalog's `=`, written `=` or OPERATOR(pg_catalog.=).
bool is_catalog_equality(const List* operator_name) {
    const std::vector<std::string> name = names(operator_name);
    if (name.empty() || name.back() != "=") return false;
    return name.size() == 1 || (name.size() == 2 && name[0] == "pg_catalog");
}

// Strips the casts that keep a value (no type modifier, no array bounds).
const Node* strip_transparent_casts(const Node* node) {
    while (const TypeCast* cast = as<TypeCast>(node)) {
        const TypeName* type = cast->typeName;
        if (type && (type->typmods != NIL || type->arrayBounds != NIL)) break;
        node = cast->arg;
    }
    return node;
}

bool is_true_constant(const Node* node) {
    while (const TypeCast* cast = as<TypeCast>(node)) node = cast->arg;  // TRUE is 'true'::bool
    const A_Const* constant = as<A_Const>(node);
    return constant && !constant->isnull && constant->val.boolval.type == T_Boolean &&
           constant->val.boolval.boolval;
}

// The arguments as the analysed tree has them: named arguments unwrapped, and a VARIADIC
// array's elements in place of the array.
std::vector<const Node*> call_arguments(const FuncCall* call) {
    std::vector<const Node*> out;
    const std::vector<const Node*> written = items(call->args);
    for (std::size_t i = 0; i < written.size(); ++i) {
        const Node* argument = written[i];
        if (const NamedArgExpr* named = as<NamedArgExpr>(argument))
            argument = reinterpret_cast<const Node*>(named->arg);
        const A_ArrayExpr* array = as<A_ArrayExpr>(argument);
        if (call->func_variadic && i + 1 == written.size() && array) {
            for (const Node* element : items(array->elements)) out.push_back(element);
            continue;
        }
        out.push_back(argument);
    }
    return out;
}

// ---- Query levels and column binding ----

// A relation, subquery or function in a FROM clause, as the query names it.
struct FromEntry {
    std::string visible;  // its alias, or the relation's (function's) name when it has none
    std::string schema;   // an unaliased relation's schema as written, for `s.t.c`
    bool unaliased_relation = false;
    // Its columns; nullopt when unknown, and then it may hold any column.
    std::optional<std::vector<std::string>> columns;
    // What to name when its columns are unknown: the relation, function or subquery.
    std::string described;
};

using Level = std::vector<FromEntry>;

// A WITH query visible to the statement that defines it and to its subqueries.
struct Cte {
    std::string name;
    std::optional<std::vector<std::string>> columns;
};

// What a column reference binds to.
struct Reference {
    enum class Kind { Row, Inner, Ambiguous };
    Kind kind = Kind::Row;
    std::size_t level = 0;   // Inner: the query level (the policy's row is level 0)
    std::string column;      // Row: the column named
    bool bare = false;       // Row: the column itself, not a field of it nor the whole row
    std::string ambiguous;   // Ambiguous: the FROM entry that may hold it
};

// What a subtree contains, relative to the policy's row.
struct Facts {
    bool row = false;        // a column of the policy's row, or the whole row
    bool caller = false;     // something that depends on who asks
    std::string unresolved;  // the first name that could not be resolved
    bool temporary = false;  // an object in a temporary schema
    bool unknown = false;    // a node type this file does not read

    void note_unresolved(const std::string& name) {
        if (unresolved.empty()) unresolved = name.empty() ? "?" : name;
    }
};

ValueClass class_of(const Facts& facts) {
    if (facts.row) return ValueClass::RowDependent;
    if (!facts.unresolved.empty()) return ValueClass::Unresolved;
    if (facts.caller) return ValueClass::CallerDependent;
    return ValueClass::Constant;
}

Expression bind(std::string column, const Facts& value, BindingKind kind) {
    Expression e = Expression::bind(std::move(column), class_of(value), kind);
    if (e.value == ValueClass::Unresolved) e.unresolved = value.unresolved;
    return e;
}

// The name PostgreSQL gives an output column that has no alias (FigureColname), or nullopt
// where it cannot be known here (a star).
std::optional<std::string> output_name(const Node* value);

std::optional<std::vector<std::string>> output_columns(const SelectStmt* select) {
    if (!select) return std::nullopt;
    if (select->op != SETOP_NONE) return output_columns(select->larg);
    if (select->valuesLists != NIL) {
        std::vector<std::string> out;
        const std::vector<const Node*> rows = items(select->valuesLists);
        const List* first = rows.empty() ? nullptr : reinterpret_cast<const List*>(rows.front());
        for (int i = 1; first && i <= first->length; ++i)
            out.push_back("column" + std::to_string(i));
        return out;
    }
    std::vector<std::string> out;
    for (const Node* item : items(select->targetList)) {
        const ResTarget* target = as<ResTarget>(item);
        if (!target) return std::nullopt;
        if (target->name) {
            out.push_back(target->name);
            continue;
        }
        std::optional<std::string> name = output_name(target->val);
        if (!name) return std::nullopt;
        out.push_back(*name);
    }
    return out;
}

std::optional<std::string> output_name(const Node* value) {
    if (const ColumnRef* ref = as<ColumnRef>(value)) {
        const std::vector<const Node*> fields = items(ref->fields);
        if (fields.empty() || as<A_Star>(fields.back())) return std::nullopt;
        return names(ref->fields).back();
    }
    if (const A_Indirection* indirection = as<A_Indirection>(value)) {
        const std::vector<const Node*> path = items(indirection->indirection);
        for (auto it = path.rbegin(); it != path.rend(); ++it) {
            if (as<A_Star>(*it)) return std::nullopt;
            if (const String* field = as<String>(*it)) return text(field->sval);
        }
        return output_name(indirection->arg);
    }
    if (const FuncCall* call = as<FuncCall>(value)) return names(call->funcname).back();
    if (const TypeCast* cast = as<TypeCast>(value)) {
        std::optional<std::string> inner = output_name(cast->arg);
        if (inner && *inner != "?column?") return inner;
        const std::vector<std::string> type = names(cast->typeName ? cast->typeName->names : NIL);
        return type.empty() ? std::string("?column?") : type.back();
    }
    if (const SubLink* sublink = as<SubLink>(value)) {
        if (sublink->subLinkType == EXISTS_SUBLINK) return std::string("exists");
        if (sublink->subLinkType == ARRAY_SUBLINK) return std::string("array");
        if (sublink->subLinkType == EXPR_SUBLINK) {
            std::optional<std::vector<std::string>> columns =
                output_columns(as<SelectStmt>(sublink->subselect));
            if (columns && !columns->empty()) return columns->front();
        }
        return std::string("?column?");
    }
    if (as<CaseExpr>(value)) return std::string("case");
    if (as<A_ArrayExpr>(value)) return std::string("array");
    if (as<RowExpr>(value)) return std::string("row");
    if (as<CoalesceExpr>(value)) return std::string("coalesce");
    if (const MinMaxExpr* minmax = as<MinMaxExpr>(value))
        return std::string(minmax->op == IS_GREATEST ? "greatest" : "least");
    if (const SQLValueFunction* function = as<SQLValueFunction>(value)) {
        switch (function->op) {
            case SVFOP_CURRENT_DATE: return std::string("current_date");
            case SVFOP_CURRENT_TIME:
            case SVFOP_CURRENT_TIME_N: return std::string("current_time");
            case SVFOP_CURRENT_TIMESTAMP:
            case SVFOP_CURRENT_TIMESTAMP_N: return std::string("current_timestamp");
            case SVFOP_LOCALTIME:
            case SVFOP_LOCALTIME_N: return std::string("localtime");
            case SVFOP_LOCALTIMESTAMP:
            case SVFOP_LOCALTIMESTAMP_N: return std::string("localtimestamp");
            case SVFOP_CURRENT_ROLE: return std::string("current_role");
            case SVFOP_CURRENT_USER: return std::string("current_user");
            case SVFOP_USER: return std::string("user");
            case SVFOP_SESSION_USER: return std::string("session_user");
            case SVFOP_CURRENT_CATALOG: return std::string("current_catalog");
            case SVFOP_CURRENT_SCHEMA: return std::string("current_schema");
        }
    }
    const A_Expr* expr = as<A_Expr>(value);
    if (expr && expr->kind == AEXPR_NULLIF) return std::string("nullif");
    return std::string("?column?");
}

// Alias column names rename the first columns.
void apply_alias(const Alias* alias, std::optional<std::vector<std::string>>& columns) {
    if (!alias || alias->colnames == NIL || !columns) return;
    const std::vector<std::string> renamed = names(alias->colnames);
    for (std::size_t i = 0; i < renamed.size() && i < columns->size(); ++i)
        (*columns)[i] = renamed[i];
    for (std::size_t i = columns->size(); i < renamed.size(); ++i) columns->push_back(renamed[i]);
}

class Reducer {
    int depth_ = 0;  // of scan(), below the expression

public:
    Reducer(const PolicyTarget& table, const ReductionScope& scope) : table_(table), scope_(scope) {
        FromEntry row;
        row.visible = table.name;
        row.schema = table.schema;
        row.unaliased_relation = true;
        row.columns = table.columns;
        levels_.push_back({row});
    }

    Expression reduce_whole(const Node* expression) {
        Facts facts;
        scan(expression, facts);
        if (facts.temporary) return Expression::temp_dependent();
        if (facts.unknown) return Expression::opaque();
        return reduce(expression);
    }

private:
    // ---- Binding column references (transformColumnRef) ----

    Reference resolve(const ColumnRef* ref) const {
        const std::vector<const Node*> fields = items(ref->fields);
        const bool star = !fields.empty() && as<A_Star>(fields.back());
        std::vector<std::string> parts = names(ref->fields);
        if (star) parts.pop_back();
        if (parts.empty()) return inner_or_row(levels_.size() - 1, "", false);  // `*`
        if (star) {
            // t.*: the whole row of the level showing t.
            std::optional<std::size_t> level = level_showing(parts);
            return inner_or_row(level.value_or(0), "", false);
        }
        if (parts.size() == 1) return resolve_name(parts.front());
        const std::string column = parts.back();
        parts.pop_back();
        if (std::optional<std::size_t> level = level_showing(parts))
            return inner_or_row(*level, column, true);
        // Not a relation: a field of a composite column (`c.f`), which is not the column.
        Reference composite = resolve_name(parts.front());
        composite.bare = false;
        return composite;
    }

    Reference inner_or_row(std::size_t level, std::string column, bool bare) const {
        Reference r;
        if (level > 0) {
            r.kind = Reference::Kind::Inner;
            r.level = level;
            return r;
        }
        r.kind = Reference::Kind::Row;
        r.column = std::move(column);
        r.bare = bare;
        return r;
    }

    Reference resolve_name(const std::string& name) const {
        for (std::size_t level = levels_.size() - 1; level > 0; --level) {
            const FromEntry* unknown = nullptr;
            for (const FromEntry& entry : levels_[level]) {
                if (!entry.columns) {
                    if (!unknown) unknown = &entry;
                } else if (contains(*entry.columns, name)) {
                    return inner_or_row(level, "", false);
                }
            }
            if (unknown) {
                Reference r;
                r.kind = Reference::Kind::Ambiguous;
                r.level = level;
                r.column = name;
                r.ambiguous = unknown->described.empty() ? unknown->visible : unknown->described;
                return r;
            }
        }
        if (table_.columns.empty() || contains(table_.columns, name))
            return inner_or_row(0, name, true);
        // Not a column anywhere: the whole row of a relation of that name.
        for (std::size_t level = levels_.size(); level-- > 0;)
            for (const FromEntry& entry : levels_[level])
                if (entry.visible == name) return inner_or_row(level, "", false);
        return inner_or_row(0, name, true);  // PostgreSQL would reject it: claim nothing
    }

    // The innermost level whose FROM shows the relation qualifier (`t` or `s.t`, a leading
    // database name ignored).
    std::optional<std::size_t> level_showing(const std::vector<std::string>& qualifier) const {
        const std::string& relation = qualifier.back();
        const std::string schema = qualifier.size() >= 2 ? qualifier[qualifier.size() - 2] : "";
        for (std::size_t level = levels_.size(); level-- > 0;) {
            for (const FromEntry& entry : levels_[level]) {
                if (entry.visible != relation) continue;
                if (schema.empty()) return level;
                if (entry.unaliased_relation && (entry.schema.empty() || entry.schema == schema))
                    return level;
            }
        }
        return std::nullopt;
    }

    // ---- What a subtree contains ----

    void note_reference(const ColumnRef* ref, Facts& facts) const {
        const Reference r = resolve(ref);
        if (r.kind == Reference::Kind::Row) facts.row = true;
        if (r.kind == Reference::Kind::Ambiguous) facts.note_unresolved(r.ambiguous);
    }

    // An operator, type or collation name qualified with a temporary schema.
    static void note_qualified_name(const List* qualified, Facts& facts) {
        if (is_temporary_schema(schema_of(names(qualified)))) facts.temporary = true;
    }

    // Where a called function comes from.
    ResolvedFunction resolve_function(const FuncCall* call) const {
        const std::vector<std::string> name = names(call->funcname);
        const std::string schema = schema_of(name);
        if (schema.empty())
            return scope_.function(name.back(), static_cast<std::size_t>(list_length(call->args)));
        ResolvedFunction resolved;
        if (schema == "pg_catalog") return resolved;
        resolved.origin = is_temporary_schema(schema) ? ResolvedFunction::Origin::Temporary
                                                      : ResolvedFunction::Origin::Defined;
        resolved.schema = schema;
        return resolved;
    }

    void note_call(const FuncCall* call, Facts& facts) const {
        const std::string name = names(call->funcname).back();
        switch (resolve_function(call).origin) {
            case ResolvedFunction::Origin::Catalog:
                if (name == "current_setting") facts.caller = true;
                break;
            case ResolvedFunction::Origin::Temporary: facts.temporary = true; break;
            case ResolvedFunction::Origin::Defined: facts.caller = true; break;
            case ResolvedFunction::Origin::Unknown:
                facts.note_unresolved(isolation::quote_identifier(name) + "()");
                break;
        }
    }

    void scan_list(const List* list, Facts& facts) {
        for (const Node* item : items(list)) scan(item, facts);
    }

    // Deeper than this, an expression is not read (its reduction is Opaque, confining nothing):
    // the walk is recursive, and a generated expression can nest far deeper than any stack.
    static constexpr int kMaxDepth = 1000;

    void scan(const Node* node, Facts& facts) {
        if (!node) return;
        if (depth_ >= kMaxDepth) {
            facts.unknown = true;
            return;
        }
        struct Deeper {
            int& depth;
            explicit Deeper(int& d) : depth(++d) {}
            ~Deeper() { --depth; }
        } deeper(depth_);
        switch (nodeTag(node)) {
            case T_List: return scan_list(reinterpret_cast<const List*>(node), facts);
            case T_ColumnRef: return note_reference(as<ColumnRef>(node), facts);
            case T_A_Const:
            case T_ParamRef:
            case T_A_Star:
            case T_String:
            case T_Integer:
            case T_Float:
            case T_Boolean:
            case T_BitString: return;
            case T_TypeCast: {
                const TypeCast* cast = as<TypeCast>(node);
                scan(cast->arg, facts);
                return scan(reinterpret_cast<const Node*>(cast->typeName), facts);
            }
            case T_TypeName: {
                const TypeName* type = as<TypeName>(node);
                note_qualified_name(type->names, facts);
                return scan_list(type->typmods, facts);
            }
            case T_CollateClause: {
                const CollateClause* collate = as<CollateClause>(node);
                note_qualified_name(collate->collname, facts);
                return scan(collate->arg, facts);
            }
            case T_A_Expr: {
                const A_Expr* expr = as<A_Expr>(node);
                note_qualified_name(expr->name, facts);
                scan(expr->lexpr, facts);
                return scan(expr->rexpr, facts);
            }
            case T_BoolExpr: return scan_list(as<BoolExpr>(node)->args, facts);
            case T_NullTest:
                return scan(reinterpret_cast<const Node*>(as<NullTest>(node)->arg), facts);
            case T_BooleanTest:
                return scan(reinterpret_cast<const Node*>(as<BooleanTest>(node)->arg), facts);
            case T_FuncCall: {
                const FuncCall* call = as<FuncCall>(node);
                note_call(call, facts);
                scan_list(call->args, facts);
                scan_list(call->agg_order, facts);
                scan(call->agg_filter, facts);
                return scan(reinterpret_cast<const Node*>(call->over), facts);
            }
            case T_NamedArgExpr:
                return scan(reinterpret_cast<const Node*>(as<NamedArgExpr>(node)->arg), facts);
            case T_A_ArrayExpr: return scan_list(as<A_ArrayExpr>(node)->elements, facts);
            case T_RowExpr: return scan_list(as<RowExpr>(node)->args, facts);
            case T_CoalesceExpr: return scan_list(as<CoalesceExpr>(node)->args, facts);
            case T_MinMaxExpr: return scan_list(as<MinMaxExpr>(node)->args, facts);
            case T_GroupingFunc: return scan_list(as<GroupingFunc>(node)->args, facts);
            case T_CaseExpr: {
                const CaseExpr* expr = as<CaseExpr>(node);
                scan(reinterpret_cast<const Node*>(expr->arg), facts);
                scan_list(expr->args, facts);
                return scan(reinterpret_cast<const Node*>(expr->defresult), facts);
            }
            case T_CaseWhen: {
                const CaseWhen* when = as<CaseWhen>(node);
                scan(reinterpret_cast<const Node*>(when->expr), facts);
                return scan(reinterpret_cast<const Node*>(when->result), facts);
            }
            case T_SQLValueFunction:
                switch (as<SQLValueFunction>(node)->op) {
                    case SVFOP_CURRENT_ROLE:
                    case SVFOP_CURRENT_USER:
                    case SVFOP_USER:
                    case SVFOP_SESSION_USER: facts.caller = true; break;
                    default: break;
                }
                return;
            case T_XmlExpr: {
                const XmlExpr* xml = as<XmlExpr>(node);
                scan_list(xml->named_args, facts);
                return scan_list(xml->args, facts);
            }
            case T_XmlSerialize: {
                const XmlSerialize* xml = as<XmlSerialize>(node);
                scan(xml->expr, facts);
                return scan(reinterpret_cast<const Node*>(xml->typeName), facts);
            }
            case T_A_Indirection: {
                const A_Indirection* indirection = as<A_Indirection>(node);
                scan(indirection->arg, facts);
                return scan_list(indirection->indirection, facts);
            }
            case T_A_Indices: {
                const A_Indices* indices = as<A_Indices>(node);
                scan(indices->lidx, facts);
                return scan(indices->uidx, facts);
            }
            case T_ResTarget: {
                const ResTarget* target = as<ResTarget>(node);
                scan_list(target->indirection, facts);
                return scan(target->val, facts);
            }
            case T_SortBy: {
                const SortBy* sort = as<SortBy>(node);
                note_qualified_name(sort->useOp, facts);
                return scan(sort->node, facts);
            }
            case T_WindowDef: {
                const WindowDef* window = as<WindowDef>(node);
                scan_list(window->partitionClause, facts);
                scan_list(window->orderClause, facts);
                scan(window->startOffset, facts);
                return scan(window->endOffset, facts);
            }
            case T_GroupingSet: return scan_list(as<GroupingSet>(node)->content, facts);
            case T_SubLink: {
                const SubLink* sublink = as<SubLink>(node);
                note_qualified_name(sublink->operName, facts);
                scan(sublink->testexpr, facts);
                return scan(sublink->subselect, facts);
            }
            case T_SelectStmt: return scan_select(as<SelectStmt>(node), facts);
            default:
                // The SQL/JSON nodes of newer grammars hold ordinary expressions and type
                // names: what they hide is in those, where the guard's walk of the analysed
                // JsonExpr finds it too.
                if (!pg::walk_version_specific_children(
                        node, [&](const auto* child) { scan(reinterpret_cast<const Node*>(child), facts); }))
                    facts.unknown = true;
                return;
        }
    }

    // ---- Subqueries ----

    // Makes a SELECT's WITH queries and FROM visible (one query level), as PostgreSQL does
    // while analysing its other clauses; scans what the FROM clause computes.
    class SelectScope {
    public:
        SelectScope(Reducer& reducer, const SelectStmt* select, Facts& facts)
            : reducer_(reducer), cte_mark_(reducer.ctes_.size()) {
            if (select->withClause) reducer_.enter_ctes(select->withClause, facts);
            Level level;
            std::vector<const Node*> lateral;  // computed with this level visible
            for (const Node* item : items(select->fromClause))
                reducer_.add_from_item(item, level, lateral, facts);
            reducer_.levels_.push_back(std::move(level));
            for (const Node* node : lateral) reducer_.scan(node, facts);
        }
        ~SelectScope() {
            reducer_.levels_.pop_back();
            reducer_.ctes_.resize(cte_mark_);
        }
        SelectScope(const SelectScope&) = delete;
        SelectScope& operator=(const SelectScope&) = delete;

    private:
        Reducer& reducer_;
        std::size_t cte_mark_;
    };

    void enter_ctes(const WithClause* with, Facts& facts) {
        for (const Node* item : items(with->ctes)) {
            const CommonTableExpr* cte = as<CommonTableExpr>(item);
            if (!cte) {
                facts.unknown = true;
                continue;
            }
            const SelectStmt* query = as<SelectStmt>(cte->ctequery);
            Cte entry{text(cte->ctename), cte->aliascolnames != NIL
                                              ? std::optional(names(cte->aliascolnames))
                                              : output_columns(query)};
            if (with->recursive) ctes_.push_back(entry);
            if (query) scan_select(query, facts);
            else facts.unknown = true;  // a data-modifying WITH query
            if (!with->recursive) ctes_.push_back(std::move(entry));
        }
    }

    const Cte* find_cte(const std::string& name) const {
        for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it)
            if (it->name == name) return &*it;
        return nullptr;
    }

    void add_relation(const RangeVar* range, Level& level, Facts& facts) {
        const std::string schema = text(range->schemaname);
        const std::string name = text(range->relname);
        FromEntry entry;
        entry.visible = range->alias ? text(range->alias->aliasname) : name;
        entry.unaliased_relation = !range->alias;
        entry.schema = schema;
        const Cte* cte = schema.empty() ? find_cte(name) : nullptr;
        if (cte) {
            entry.columns = cte->columns;
        } else {
            if (is_temporary_schema(schema)) facts.temporary = true;
            if (std::optional<ResolvedRelation> relation = scope_.relation(schema, name)) {
                entry.columns = std::move(relation->columns);
                if (relation->temporary) facts.temporary = true;
            } else {
                entry.described = schema.empty() ? isolation::quote_identifier(name)
                                                 : isolation::qualified_name(schema, name);
                facts.note_unresolved(entry.described);
            }
        }
        apply_alias(range->alias, entry.columns);
        level.push_back(std::move(entry));
    }

    // PostgreSQL's set-returning functions whose single column has a base type.
    bool returns_one_column(const FuncCall* call) const {
        static const std::vector<std::string> kFunctions{
            "unnest", "generate_series", "generate_subscripts", "string_to_table",
            "regexp_split_to_table"};
        const std::string name = names(call->funcname).back();
        if (!contains(kFunctions, name)) return false;
        if (resolve_function(call).origin != ResolvedFunction::Origin::Catalog) return false;
        return name != "unnest" || list_length(call->args) == 1;  // unnest(a, b) makes two
    }

    void add_from_item(const Node* item, Level& level, std::vector<const Node*>& lateral,
                       Facts& facts) {
        if (const RangeVar* range = as<RangeVar>(item)) return add_relation(range, level, facts);
        if (const JoinExpr* join = as<JoinExpr>(item)) {
            const std::size_t first = level.size();
            add_from_item(join->larg, level, lateral, facts);
            add_from_item(join->rarg, level, lateral, facts);
            lateral.push_back(join->quals);
            if (join->alias) {
                FromEntry entry;
                entry.visible = text(join->alias->aliasname);
                entry.columns.emplace();
                for (std::size_t i = first; i < level.size() && entry.columns; ++i) {
                    if (!level[i].columns) entry.columns.reset();
                    else entry.columns->insert(entry.columns->end(), level[i].columns->begin(),
                                               level[i].columns->end());
                }
                apply_alias(join->alias, entry.columns);
                level.push_back(std::move(entry));
            }
            return;
        }
        if (const RangeSubselect* subselect = as<RangeSubselect>(item)) {
            const SelectStmt* query = as<SelectStmt>(subselect->subquery);
            if (!query) {
                facts.unknown = true;
                return;
            }
            if (subselect->lateral) lateral.push_back(subselect->subquery);
            else scan_select(query, facts);  // sees the outer levels only
            FromEntry entry;
            entry.visible = subselect->alias ? text(subselect->alias->aliasname) : "";
            entry.columns = output_columns(query);
            apply_alias(subselect->alias, entry.columns);
            level.push_back(std::move(entry));
            return;
        }
        if (const RangeFunction* function = as<RangeFunction>(item)) {
            // A function in FROM may read the columns before it (it is implicitly LATERAL).
            FromEntry entry;
            std::vector<std::string> defined;
            const std::vector<const Node*> functions = items(function->functions);
            const FuncCall* only_call = nullptr;
            for (const Node* pair : functions) {
                const std::vector<const Node*> parts = items(reinterpret_cast<const List*>(pair));
                if (parts.empty()) continue;
                lateral.push_back(parts[0]);
                const FuncCall* call = as<FuncCall>(parts[0]);
                if (call && functions.size() == 1) only_call = call;
                if (parts.size() > 1)
                    for (const Node* column : items(reinterpret_cast<const List*>(parts[1])))
                        if (const ColumnDef* def = as<ColumnDef>(column))
                            defined.push_back(text(def->colname));
            }
            for (const Node* column : items(function->coldeflist))
                if (const ColumnDef* def = as<ColumnDef>(column))
                    defined.push_back(text(def->colname));
            const std::string name = only_call ? names(only_call->funcname).back() : "";
            entry.visible = function->alias ? text(function->alias->aliasname) : name;
            entry.described = (only_call ? isolation::quote_identifier(name) : "ROWS FROM") + "()";
            // Its columns are known where the query defines them all, or for PostgreSQL's
            // set-returning functions of one base-type column, named after the alias or the
            // function. Column aliases alone may rename only the first of a composite's.
            if (!defined.empty()) {
                entry.columns = defined;
            } else if (only_call && returns_one_column(only_call)) {
                entry.columns = std::vector<std::string>{entry.visible};
                apply_alias(function->alias, entry.columns);
            }
            if (entry.columns && function->ordinality) entry.columns->push_back("ordinality");
            level.push_back(std::move(entry));
            return;
        }
        if (const RangeTableSample* sample = as<RangeTableSample>(item)) {
            lateral.push_back(reinterpret_cast<const Node*>(sample->args));
            lateral.push_back(sample->repeatable);
            return add_from_item(sample->relation, level, lateral, facts);
        }
        if (const RangeTableFunc* table = as<RangeTableFunc>(item)) {
            lateral.push_back(table->docexpr);
            lateral.push_back(table->rowexpr);
            FromEntry entry;
            entry.visible = table->alias ? text(table->alias->aliasname) : "xmltable";
            entry.columns.emplace();
            for (const Node* column : items(table->columns)) {
                if (const RangeTableFuncCol* col = as<RangeTableFuncCol>(column)) {
                    entry.columns->push_back(text(col->colname));
                    lateral.push_back(col->colexpr);
                    lateral.push_back(col->coldefexpr);
                }
            }
            apply_alias(table->alias, entry.columns);
            level.push_back(std::move(entry));
            return;
        }
        facts.unknown = true;
    }

    void scan_select(const SelectStmt* select, Facts& facts) {
        if (!select) return;
        if (select->op != SETOP_NONE) {
            const std::size_t cte_mark = ctes_.size();
            if (select->withClause) enter_ctes(select->withClause, facts);
            scan_select(select->larg, facts);
            scan_select(select->rarg, facts);
            // ORDER BY and LIMIT of a UNION read its output columns.
            FromEntry output;
            output.columns = output_columns(select);
            levels_.push_back({output});
            scan_list(select->sortClause, facts);
            scan(select->limitOffset, facts);
            scan(select->limitCount, facts);
            levels_.pop_back();
            ctes_.resize(cte_mark);
            return;
        }
        SelectScope scope(*this, select, facts);
        scan_list(select->targetList, facts);
        scan(select->whereClause, facts);
        scan(select->havingClause, facts);
        scan_list(select->windowClause, facts);
        scan_list(select->distinctClause, facts);
        for (const Node* row : items(select->valuesLists)) scan(row, facts);
        scan(select->limitOffset, facts);
        scan(select->limitCount, facts);
        // GROUP BY and ORDER BY may name an output column instead of an input one.
        const std::optional<std::vector<std::string>> outputs = output_columns(select);
        auto is_output_name = [&](const Node* node) {
            const ColumnRef* ref = as<ColumnRef>(node);
            return ref && outputs && list_length(ref->fields) == 1 &&
                   contains(*outputs, names(ref->fields).front()) &&
                   resolve(ref).kind == Reference::Kind::Row;
        };
        for (const Node* group : items(select->groupClause))
            if (!is_output_name(group)) scan(group, facts);
        for (const Node* item : items(select->sortClause)) {
            const SortBy* sort = as<SortBy>(item);
            if (!sort || !is_output_name(sort->node)) scan(item, facts);
        }
    }

    Facts facts_of(const Node* node) {
        Facts facts;
        scan(node, facts);
        return facts;
    }

    // ---- Reduction ----

    // The policy row's column that node is, possibly under transparent casts.
    std::optional<std::string> row_column(const Node* node) const {
        const ColumnRef* ref = as<ColumnRef>(strip_transparent_casts(node));
        if (!ref) return std::nullopt;
        const Reference r = resolve(ref);
        if (r.kind != Reference::Kind::Row || !r.bare) return std::nullopt;
        return r.column;
    }

    std::optional<Expression> helper_call(const Node* node) const {
        const FuncCall* call = as<FuncCall>(node);
        if (!call || call->over || call->agg_star) return std::nullopt;
        const ResolvedFunction outside = resolve_function(call);
        if (outside.origin != ResolvedFunction::Origin::Defined &&
            outside.origin != ResolvedFunction::Origin::Temporary)
            return std::nullopt;
        const std::vector<const Node*> arguments = call_arguments(call);
        std::vector<std::string> columns;
        for (const Node* argument : arguments)
            if (std::optional<std::string> column = row_column(argument))
                if (!contains(columns, *column)) columns.push_back(*column);
        const std::string name = names(call->funcname).back();
        return Expression::helper(isolation::qualified_name(outside.schema, name),
                                  std::move(columns), arguments.size());
    }

    Expression reduce(const Node* node) {
        if (const BoolExpr* boolean = as<BoolExpr>(node)) {
            if (boolean->boolop == NOT_EXPR) return Expression::opaque();
            std::vector<Expression> operands;
            for (const Node* operand : items(boolean->args)) operands.push_back(reduce(operand));
            return boolean->boolop == AND_EXPR ? Expression::all_of(std::move(operands))
                                               : Expression::any_of(std::move(operands));
        }
        if (const A_Expr* expr = as<A_Expr>(node)) return reduce_operator(expr);
        if (const BooleanTest* test = as<BooleanTest>(node)) {
            if (test->booltesttype != IS_TRUE) return Expression::opaque();
            return helper_call(reinterpret_cast<const Node*>(test->arg))
                .value_or(Expression::opaque());
        }
        if (as<FuncCall>(node)) return helper_call(node).value_or(Expression::opaque());
        if (const SubLink* sublink = as<SubLink>(node)) {
            if (sublink->subLinkType == EXISTS_SUBLINK) return reduce_exists(sublink);
            if (sublink->subLinkType != ANY_SUBLINK) return Expression::opaque();
            // IN (subquery) has no operator name; = ANY (subquery) has `=`.
            if (sublink->operName != NIL && !is_catalog_equality(sublink->operName))
                return Expression::opaque();
            const std::optional<std::string> column = row_column(sublink->testexpr);
            if (!column) return Expression::opaque();
            return bind(*column, facts_of(sublink->subselect), BindingKind::Membership);
        }
        return Expression::opaque();
    }

    Expression reduce_operator(const A_Expr* expr) {
        if (!is_catalog_equality(expr->name)) return Expression::opaque();  // also NOT IN's <>
        switch (expr->kind) {
            case AEXPR_OP: {
                if (is_true_constant(expr->rexpr))
                    if (std::optional<Expression> helper = helper_call(expr->lexpr)) return *helper;
                if (is_true_constant(expr->lexpr))
                    if (std::optional<Expression> helper = helper_call(expr->rexpr)) return *helper;
                if (std::optional<std::string> column = row_column(expr->lexpr))
                    return bind(*column, facts_of(expr->rexpr), BindingKind::Equality);
                if (std::optional<std::string> column = row_column(expr->rexpr))
                    return bind(*column, facts_of(expr->lexpr), BindingKind::Equality);
                return Expression::opaque();
            }
            case AEXPR_OP_ANY: {
                std::optional<std::string> column = row_column(expr->lexpr);
                if (!column) return Expression::opaque();
                // ARRAY[v1, ...] is an IN list in the analysed tree (both are a
                // ScalarArrayOpExpr over an ArrayExpr): every element must be the caller's.
                const Node* array = expr->rexpr;
                while (const TypeCast* cast = as<TypeCast>(array)) array = cast->arg;
                if (const A_ArrayExpr* elements = as<A_ArrayExpr>(array))
                    return bind_each(*column, elements->elements);
                return bind(*column, facts_of(expr->rexpr), BindingKind::Equality);
            }
            case AEXPR_IN: {
                std::optional<std::string> column = row_column(expr->lexpr);
                const List* values = as<List>(expr->rexpr);
                if (!column || !values) return Expression::opaque();
                return bind_each(*column, values);
            }
            default: return Expression::opaque();  // DISTINCT, NULLIF, ...
        }
    }

    // column = v for each v: an Or of the bindings, or the binding itself for a single value
    // (PostgreSQL then builds one `=`).
    Expression bind_each(const std::string& column, const List* values) {
        std::vector<Expression> bindings;
        for (const Node* value : items(values))
            bindings.push_back(bind(column, facts_of(value), BindingKind::Equality));
        if (bindings.size() == 1) return std::move(bindings.front());
        return Expression::any_of(std::move(bindings));
    }

    // The conjuncts of one AND-branch.
    static void conjuncts(const Node* node, std::vector<const Node*>& out) {
        const BoolExpr* boolean = as<BoolExpr>(node);
        if (boolean && boolean->boolop == AND_EXPR) {
            for (const Node* operand : items(boolean->args)) conjuncts(operand, out);
        } else if (node) {
            out.push_back(node);
        }
    }

    // `x = <row>.c` or `<row>.c = x`, x a column of the innermost level: the column c; when
    // the binding of either side depends on an unresolved relation, a candidate as written.
    struct Correlation {
        std::string column;
        bool resolved = true;
    };
    std::optional<Correlation> correlation(const Node* conjunct) const {
        const A_Expr* expr = as<A_Expr>(conjunct);
        if (!expr || expr->kind != AEXPR_OP || !is_catalog_equality(expr->name))
            return std::nullopt;
        const ColumnRef* left = as<ColumnRef>(strip_transparent_casts(expr->lexpr));
        const ColumnRef* right = as<ColumnRef>(strip_transparent_casts(expr->rexpr));
        if (!left || !right) return std::nullopt;
        const Reference a = resolve(left);
        const Reference b = resolve(right);
        const std::size_t inner = levels_.size() - 1;
        auto is_inner = [&](const Reference& r) {
            return r.kind == Reference::Kind::Inner && r.level == inner;
        };
        auto is_row = [](const Reference& r) { return r.kind == Reference::Kind::Row && r.bare; };
        auto ambiguous = [](const Reference& r) { return r.kind == Reference::Kind::Ambiguous; };
        if (is_row(a) && is_inner(b)) return Correlation{a.column, true};
        if (is_row(b) && is_inner(a)) return Correlation{b.column, true};
        if (!ambiguous(a) && !ambiguous(b)) return std::nullopt;
        auto bindable = [&](const Reference& r) {
            return is_row(r) || is_inner(r) || ambiguous(r);
        };
        if (!bindable(a) || !bindable(b)) return std::nullopt;
        // A side through an unresolved relation may be the row's column: name the side that
        // is one for sure, else the one the policy's table has, else the left one.
        auto row_like = [&](const Reference& r) {
            return is_row(r) || (ambiguous(r) && contains(table_.columns, r.column));
        };
        const Reference& named = row_like(a) ? a : row_like(b) ? b : ambiguous(a) ? a : b;
        return Correlation{named.column, false};
    }

    Expression reduce_exists(const SubLink* sublink) {
        const SelectStmt* select = as<SelectStmt>(sublink->subselect);
        if (!select || select->op != SETOP_NONE) return Expression::opaque();
        const Facts whole = facts_of(sublink->subselect);

        Facts ignored;  // already counted in whole
        SelectScope scope(*this, select, ignored);
        std::vector<const Node*> branch;
        conjuncts(select->whereClause, branch);
        std::vector<std::string> correlated;
        std::optional<std::string> candidate;  // a correlation through an unresolved name
        bool caller_condition = false;
        for (const Node* conjunct : branch) {
            if (std::optional<Correlation> c = correlation(conjunct)) {
                if (!c->resolved) {
                    if (!candidate) candidate = c->column;
                } else if (!contains(correlated, c->column)) {
                    correlated.push_back(c->column);
                }
                continue;
            }
            const Facts condition = facts_of(conjunct);
            if (class_of(condition) == ValueClass::CallerDependent) caller_condition = true;
        }

        if (!whole.unresolved.empty()) {
            std::optional<std::string> column =
                correlated.empty() ? candidate : std::optional(correlated.front());
            if (!column) return Expression::opaque();
            Facts unresolved;  // the correlation's row column is expected here: not RowDependent
            unresolved.unresolved = whole.unresolved;
            return bind(*column, unresolved, BindingKind::Exists);
        }
        if (correlated.empty()) return Expression::opaque();
        Facts value;
        value.caller = caller_condition;
        std::vector<Expression> bindings;
        for (const std::string& column : correlated)
            bindings.push_back(bind(column, value, BindingKind::Exists));
        if (bindings.size() == 1) return std::move(bindings.front());
        return Expression::all_of(std::move(bindings));
    }

    const PolicyTarget& table_;
    const ReductionScope& scope_;
    std::vector<Level> levels_;  // [0] is the policy's row; then each enclosing subquery
    std::vector<Cte> ctes_;
};

}  // namespace

bool is_temporary_schema(const std::string& schema) {
    static const std::string kPrefix = "pg_temp";
    if (schema.compare(0, kPrefix.size(), kPrefix) != 0) return false;
    if (schema.size() == kPrefix.size()) return true;
    if (schema[kPrefix.size()] != '_' || schema.size() == kPrefix.size() + 1) return false;
    const auto digits = schema.begin() + static_cast<std::ptrdiff_t>(kPrefix.size()) + 1;
    return std::all_of(digits, schema.end(), [](char c) { return c >= '0' && c <= '9'; });
}

isolation::v2::Expression reduce_policy_expression(const Node* expression,
                                                   const PolicyTarget& table,
                                                   const ReductionScope& scope) {
    Reducer reducer(table, scope);
    return reducer.reduce_whole(expression);
}

}  // namespace tenant_guard::analyzer
