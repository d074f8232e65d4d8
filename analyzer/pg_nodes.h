// libpg_query's typed parse tree: PostgreSQL's own node structs, read with the server headers
// of the major version that libpg_query was built from (15, 17 or 18). This is the one file
// that includes those headers, declares libpg_query's internal entry points (its
// pg_query_internal.h, which Debian does not make usable from C++), and holds the differences
// between the versions, as PG_VERSION_NUM conditionals: a renamed node or field then fails
// to compile here instead of reading as absent.
//
// A tree lives in libpg_query's memory context of the thread that parsed it and is freed with
// that context, on that thread (the contexts are thread-local): nothing read from a tree may
// be kept beyond it except as a copy (std::string and the like).
#pragma once

// PostgreSQL's port.h redefines stdio and string names as macros; the C++ headers that use
// them come first, and the macros are undone below.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string_view>

extern "C" {
#include "postgres.h"

#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"

#include <pg_query.h>

// As in libpg_query's pg_query_internal.h.
typedef struct {
    List* tree;
    char* stderr_buffer;
    PgQueryError* error;
} PgQueryInternalParsetreeAndError;

#if PG_VERSION_NUM >= 160000
PgQueryInternalParsetreeAndError pg_query_raw_parse(const char* input, int parser_options);
#else
PgQueryInternalParsetreeAndError pg_query_raw_parse(const char* input);
#endif
void pg_query_free_error(PgQueryError* error);
MemoryContext pg_query_enter_memory_context(void);
void pg_query_exit_memory_context(MemoryContext context);
}

#undef vsnprintf
#undef snprintf
#undef vsprintf
#undef sprintf
#undef vfprintf
#undef fprintf
#undef vprintf
#undef printf
#undef strerror
#undef strerror_r
#undef gettext
#undef dgettext
#undef ngettext
#undef _

namespace tenant_guard::analyzer::pg {

// Parses sql into a List of RawStmt, allocated in the calling thread's current libpg_query
// memory context (enter_parser_memory in frontend.h). The caller frees error and stderr_buffer.
inline PgQueryInternalParsetreeAndError raw_parse(const char* sql) {
#if PG_VERSION_NUM >= 160000
    return pg_query_raw_parse(sql, PG_QUERY_PARSE_DEFAULT);
#else
    return pg_query_raw_parse(sql);
#endif
}

// The node types the checker reads, each with its tag, for as<T>().
#define TENANT_GUARD_NODE_TYPES(X)                                                                    \
    X(RawStmt) X(List) X(String) X(A_Const) X(A_Star) X(TypeCast) X(TypeName) X(RangeVar) X(Alias)     \
    X(ColumnRef) X(ResTarget) X(FuncCall) X(DefElem) X(JoinExpr) X(SelectStmt) X(IntoClause)          \
    X(CreateStmt) X(CreateForeignTableStmt) X(CreateTableAsStmt) X(ColumnDef) X(TableLikeClause)      \
    X(AlterTableStmt) X(AlterTableCmd) X(PartitionCmd) X(RenameStmt) X(AlterObjectSchemaStmt)         \
    X(DropStmt) X(CreatePolicyStmt) X(AlterPolicyStmt) X(CreateSchemaStmt) X(ViewStmt)                \
    X(VariableSetStmt) X(TruncateStmt) X(DeleteStmt) X(UpdateStmt) X(DoStmt) X(CreateFunctionStmt)    \
    X(RangeSubselect) X(RangeFunction) X(RangeTableFunc) X(Boolean) X(Integer) X(RoleSpec)            \
    X(AccessPriv) X(CreateRoleStmt) X(AlterRoleStmt) X(GrantRoleStmt) X(DropRoleStmt) X(SubLink)         \
    X(CommonTableExpr) X(WithClause) X(A_Expr) X(BoolExpr) X(NullTest) X(CaseExpr) X(CaseWhen)          \
    X(CoalesceExpr) X(A_ArrayExpr) X(RowExpr) X(MinMaxExpr) X(SortBy) X(TransactionStmt)     \
    X(AlterFunctionStmt) X(ObjectWithArgs) X(CompositeTypeStmt) X(MergeStmt) X(MergeWhenClause)     \
    X(A_Indirection) X(A_Indices) X(BooleanTest) X(CollateClause) X(GroupingFunc) X(GroupingSet)      \
    X(NamedArgExpr) X(RangeTableFuncCol) X(RangeTableSample) X(SQLValueFunction) X(WindowDef)         \
    X(XmlExpr) X(XmlSerialize) X(IndexStmt) X(ReindexStmt) X(VacuumStmt) X(CallStmt)     \
    X(PrepareStmt) X(ExecuteStmt) X(DeallocateStmt) X(DiscardStmt) X(DropOwnedStmt)

template <typename T>
inline constexpr NodeTag kTagOf = T_Invalid;
#define TENANT_GUARD_TAG_OF(type) \
    template <>                   \
    inline constexpr NodeTag kTagOf<type> = T_##type;
TENANT_GUARD_NODE_TYPES(TENANT_GUARD_TAG_OF)
#undef TENANT_GUARD_TAG_OF

inline NodeTag tag(const void* node) { return node ? nodeTag(node) : T_Invalid; }

// The node as a T when it is one, else null.
template <typename T>
const T* as(const void* node) {
    static_assert(kTagOf<T> != T_Invalid, "add the type to TENANT_GUARD_NODE_TYPES");
    return tag(node) == kTagOf<T> ? static_cast<const T*>(node) : nullptr;
}

// A C string field: absent (NULL) reads as empty.
inline std::string_view text(const char* value) { return value ? std::string_view(value) : std::string_view(); }

// The elements of a List (NIL is empty), as nodes.
class Items {
public:
    explicit Items(const List* list) : list_(list) {}
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = const Node*;
        using difference_type = std::ptrdiff_t;
        using pointer = const Node* const*;
        using reference = const Node*;
        iterator(const List* list, int index) : list_(list), index_(index) {}
        const Node* operator*() const { return static_cast<const Node*>(list_->elements[index_].ptr_value); }
        iterator& operator++() {
            ++index_;
            return *this;
        }
        bool operator==(const iterator& other) const { return index_ == other.index_; }
        bool operator!=(const iterator& other) const { return index_ != other.index_; }

    private:
        const List* list_;
        int index_;
    };
    iterator begin() const { return {list_, 0}; }
    iterator end() const { return {list_, size()}; }
    int size() const { return list_ ? list_->length : 0; }
    bool empty() const { return size() == 0; }
    const Node* front() const { return *begin(); }
    const Node* back() const { return (*this)[size() - 1]; }
    const Node* operator[](int index) const { return static_cast<const Node*>(list_->elements[index].ptr_value); }

private:
    const List* list_;
};

inline Items items(const List* list) { return Items(list); }

// The sval of a String node; empty for anything else.
inline std::string_view string_value(const Node* node) {
    const String* string = as<String>(node);
    return string ? text(string->sval) : std::string_view();
}

// A role option's value (CREATE/ALTER ROLE ... SUPERUSER, NOBYPASSRLS): PostgreSQL 15 made it a
// Boolean node; true when absent.
inline bool boolean_option(const DefElem& option) {
    if (const Boolean* value = as<Boolean>(option.arg)) return value->boolval;
    if (const Integer* value = as<Integer>(option.arg)) return value->ival != 0;
    return true;
}

// ---- Differences between major versions ----

// The grammar this build parses: the major version of libpg_query's parser, which
// CMakeLists.txt reads from pg_query.h and checks against these headers.
static_assert(std::string_view(TENANT_GUARD_GRAMMAR) == PG_MAJORVERSION,
              "TENANT_GUARD_GRAMMAR must be the major version of the server headers");

// PostgreSQL 18 moved a RawStmt's stmt_location from just past the previous statement's
// semicolon to the statement's first token, past its leading comments (where suppression
// comments are): the front end finds where those comments start by itself (frontend.cpp).

// PostgreSQL 18 (RETURNING OLD/NEW) moved the RETURNING list of INSERT, UPDATE, DELETE and
// MERGE into a ReturningClause; MERGE has one since PostgreSQL 17.
#if PG_VERSION_NUM >= 180000
#define TENANT_GUARD_RETURNING(statement) \
    ((statement).returningClause ? (statement).returningClause->exprs : NIL)
#else
#define TENANT_GUARD_RETURNING(statement) ((statement).returningList)
#endif
inline const List* returning_list(const InsertStmt& statement) { return TENANT_GUARD_RETURNING(statement); }
inline const List* returning_list(const UpdateStmt& statement) { return TENANT_GUARD_RETURNING(statement); }
inline const List* returning_list(const DeleteStmt& statement) { return TENANT_GUARD_RETURNING(statement); }
inline const List* returning_list(const MergeStmt& statement) {
#if PG_VERSION_NUM >= 170000
    return TENANT_GUARD_RETURNING(statement);
#else
    (void)statement;
    return NIL;
#endif
}
#undef TENANT_GUARD_RETURNING

// REVOKE ADMIN OPTION FOR (since PostgreSQL 16 also INHERIT or SET OPTION FOR) takes an
// option of the membership away and leaves the membership: PostgreSQL 15 marks it with the
// bool admin_opt, 16 and later with the list opt of the options named.
inline bool revokes_option_only(const GrantRoleStmt& statement) {
    if (statement.is_grant) return false;
#if PG_VERSION_NUM >= 160000
    return statement.opt != NIL;
#else
    return statement.admin_opt;
#endif
}

// Which rows a WHEN clause of MERGE acts on. PostgreSQL 17 added WHEN NOT MATCHED BY SOURCE
// (target rows that no source row matches), and the clause's bool matched became matchKind.
enum class MergeMatch { Matched, NotMatchedBySource, NotMatchedByTarget };
inline MergeMatch merge_match(const MergeWhenClause& clause) {
#if PG_VERSION_NUM >= 170000
    switch (clause.matchKind) {
        case MERGE_WHEN_MATCHED: return MergeMatch::Matched;
        case MERGE_WHEN_NOT_MATCHED_BY_SOURCE: return MergeMatch::NotMatchedBySource;
        case MERGE_WHEN_NOT_MATCHED_BY_TARGET: return MergeMatch::NotMatchedByTarget;
    }
    return MergeMatch::NotMatchedByTarget;
#else
    return clause.matched ? MergeMatch::Matched : MergeMatch::NotMatchedByTarget;
#endif
}

// PostgreSQL 16 dropped the *Recurse subcommand types: recursion became a flag of the command.
inline bool is_add_column(AlterTableType subtype) {
#if PG_VERSION_NUM < 160000
    if (subtype == AT_AddColumnRecurse) return true;
#endif
    return subtype == AT_AddColumn;
}

inline bool is_drop_column(AlterTableType subtype) {
#if PG_VERSION_NUM < 160000
    if (subtype == AT_DropColumnRecurse) return true;
#endif
    return subtype == AT_DropColumn;
}

// The subexpressions of raw expression nodes that only some versions have (the SQL/JSON
// syntax of PostgreSQL 16 and 17): calls walk(child) on each (a node, a List or a typed node
// pointer, possibly null), type names of RETURNING clauses and JSON_TABLE columns included,
// and returns whether it knew the node. Written from the versions' parsenodes.h and
// primnodes.h (the same in 17 and 18); built only against those versions.
template <typename Walk>
bool walk_version_specific_children(const Node* node, Walk&& walk) {
    (void)walk;  // PostgreSQL 15 has none
    switch (tag(node)) {
#if PG_VERSION_NUM >= 160000
        case T_JsonValueExpr: {
            auto* value = reinterpret_cast<const JsonValueExpr*>(node);
            walk(value->raw_expr);
            walk(value->formatted_expr);
            return true;
        }
        case T_JsonOutput: walk(reinterpret_cast<const JsonOutput*>(node)->typeName); return true;
        case T_JsonKeyValue: {
            auto* pair = reinterpret_cast<const JsonKeyValue*>(node);
            walk(pair->key);
            walk(pair->value);
            return true;
        }
        case T_JsonObjectConstructor: {
            auto* object = reinterpret_cast<const JsonObjectConstructor*>(node);
            walk(object->exprs);
            walk(object->output);
            return true;
        }
        case T_JsonArrayConstructor: {
            auto* array = reinterpret_cast<const JsonArrayConstructor*>(node);
            walk(array->exprs);
            walk(array->output);
            return true;
        }
        case T_JsonArrayQueryConstructor: {
            auto* array = reinterpret_cast<const JsonArrayQueryConstructor*>(node);
            walk(array->query);
            walk(array->output);
            return true;
        }
        case T_JsonAggConstructor: {
            auto* aggregate = reinterpret_cast<const JsonAggConstructor*>(node);
            walk(aggregate->output);
            walk(aggregate->agg_filter);
            walk(aggregate->agg_order);
            walk(aggregate->over);
            return true;
        }
        case T_JsonObjectAgg: {
            auto* aggregate = reinterpret_cast<const JsonObjectAgg*>(node);
            walk(aggregate->constructor);
            walk(aggregate->arg);
            return true;
        }
        case T_JsonArrayAgg: {
            auto* aggregate = reinterpret_cast<const JsonArrayAgg*>(node);
            walk(aggregate->constructor);
            walk(aggregate->arg);
            return true;
        }
        case T_JsonIsPredicate: walk(reinterpret_cast<const JsonIsPredicate*>(node)->expr); return true;
#endif
#if PG_VERSION_NUM >= 170000
        case T_JsonFuncExpr: {
            auto* function = reinterpret_cast<const JsonFuncExpr*>(node);
            walk(function->context_item);
            walk(function->pathspec);
            walk(function->passing);
            walk(function->output);
            walk(function->on_empty);
            walk(function->on_error);
            return true;
        }
        case T_JsonArgument: walk(reinterpret_cast<const JsonArgument*>(node)->val); return true;
        case T_JsonBehavior: walk(reinterpret_cast<const JsonBehavior*>(node)->expr); return true;
        case T_JsonTable: {
            auto* table = reinterpret_cast<const JsonTable*>(node);
            walk(table->context_item);
            walk(table->pathspec);
            walk(table->passing);
            walk(table->columns);
            walk(table->on_error);
            return true;
        }
        case T_JsonTablePathSpec: walk(reinterpret_cast<const JsonTablePathSpec*>(node)->string); return true;
        case T_JsonTableColumn: {
            auto* column = reinterpret_cast<const JsonTableColumn*>(node);
            walk(column->typeName);
            walk(column->pathspec);
            walk(column->columns);
            walk(column->on_empty);
            walk(column->on_error);
            return true;
        }
        case T_JsonParseExpr: {
            auto* parse = reinterpret_cast<const JsonParseExpr*>(node);
            walk(parse->expr);
            walk(parse->output);
            return true;
        }
        case T_JsonScalarExpr: {
            auto* scalar = reinterpret_cast<const JsonScalarExpr*>(node);
            walk(scalar->expr);
            walk(scalar->output);
            return true;
        }
        case T_JsonSerializeExpr: {
            auto* serialize = reinterpret_cast<const JsonSerializeExpr*>(node);
            walk(serialize->expr);
            walk(serialize->output);
            return true;
        }
#endif
        default: return false;
    }
}

// The alias of a FROM item that only some versions have (JSON_TABLE, PostgreSQL 17).
inline const Alias* version_specific_range_alias(const Node* item) {
#if PG_VERSION_NUM >= 170000
    if (tag(item) == T_JsonTable) return reinterpret_cast<const JsonTable*>(item)->alias;
#endif
    (void)item;
    return nullptr;
}

}  // namespace tenant_guard::analyzer::pg
