// The checker's half of "Agreeing trees" (DESIGN.md "Part 2: the guard"): a policy's USING or
// WITH CHECK expression, as libpg_query's raw parse tree (PostgreSQL's own node structs:
// ColumnRef, A_Expr, FuncCall, TypeCast, SubLink, SQLValueFunction, ...), reduced to the
// description that core/ judges (isolation::v2::Expression). The guard reduces the analysed
// tree of the same policy to the same description; the rule itself is core's confines().
//
// The reduction, and the choices it makes where the raw tree leaves room:
//
// - Shape. AND gives And, OR gives Or, of the operands' reductions; NOT and anything not
//   listed below give Opaque. `c IN (v1, ..., vn)` gives an Or of Equality bindings (a single
//   element gives the binding itself, as PostgreSQL then builds one `=`), and so does
//   `c = ANY (ARRAY[v1, ..., vn])`, which the analysed tree cannot tell from the IN list: every
//   element must be the caller's. `c = ANY (v)` for any other array v gives one Equality
//   binding with the class of v, `c IN (subquery)` and `c = ANY (subquery)` a
//   Membership binding with the class of the subquery, `c = v` and `v = c` an Equality
//   binding with the class of v.
// - The column. c is a column of the policy's own row (PostgreSQL's binding rules, below),
//   possibly under casts; a cast with a type modifier (`c::varchar(10)`) or array bounds is
//   not transparent, as it changes the value compared, and neither is COLLATE or a function.
//   `c = d` with both columns of the row is a binding with a RowDependent value.
// - Equality is pg_catalog's `=`: written `=` or OPERATOR(pg_catalog.=). OPERATOR(s.=) for
//   any other schema is a different operator and gives Opaque. (An unqualified `=` can only
//   reach a user's operator for user-defined types, which tenant columns are not.)
// - Never bindings: IS [NOT] NULL, IS [NOT] DISTINCT FROM, LIKE, ILIKE, SIMILAR TO, the regex
//   and every other operator, BETWEEN, NOT IN, NULLIF, `op ALL`, boolean constants, CASE.
// - Values. A value containing a column of the policy's row (or the whole row) is
//   RowDependent. Otherwise one naming a relation the scope cannot resolve, a column that an
//   unresolved relation may hold, or an unqualified function the scope does not know, is
//   Unresolved, with that name in Expression::unresolved. Otherwise one containing, at any
//   depth (subqueries too), a call to a function outside pg_catalog, pg_catalog's
//   current_setting(), CURRENT_USER, SESSION_USER, CURRENT_ROLE or USER is CallerDependent.
//   Anything else is Constant: casts are not calls, and `'...'::uuid` is a constant.
//   RowDependent wins over Unresolved because a definite column of the row makes the value
//   non-confining whatever the unresolved name turns out to be.
// - EXISTS (subquery). Its WHERE is split at the top-level ANDs (one AND-branch: an OR inside
//   is one conjunct, so `correlation OR condition` never counts). A conjunct `x = <row>.c` or
//   `<row>.c = x`, x a column of the subquery's own FROM, is a correlation on c; another
//   conjunct whose class is CallerDependent is a caller-dependent condition. Both present:
//   an Exists binding of c, CallerDependent (several correlated columns: an And of them).
//   A correlation alone: the same binding with a Constant value. Any unresolved name in the
//   subquery: the binding is Unresolved (its column as written). No correlation: Opaque.
//   Only WHERE counts, not JOIN ... ON, whose conditions do not filter an outer join's side.
//   A caller-dependent condition need not itself bind an inner column: the rule's text asks
//   for "a caller-dependent condition", and the guard reads the same words.
// - Trusted helper. A call of a function outside pg_catalog (qualified with another schema,
//   or unqualified and resolved by the scope to a defined function), alone, `= true`, `true =` or
//   `IS TRUE`, gives Helper{schema-qualified quoted name, the row's columns passed as whole
//   arguments (possibly under transparent casts), the number of arguments}. Named arguments
//   (`f(a => c)`) and a VARIADIC array's elements count as arguments, as in the guard's
//   analysed tree. A helper without a row column still gives Helper (core words it).
// - Temporary objects. A function, operator, type or relation qualified with pg_temp or
//   pg_temp_N, an unqualified function the scope resolves to a temporary schema, or a relation
//   it resolves to a temporary table, anywhere in the expression: the whole expression is
//   TempDependent (the policy is dropped with the object, at the end of a session).
// - A node type the reduction does not know can hide any of the above: the whole expression
//   is then Opaque, never confining. The SQL/JSON nodes of PostgreSQL 16 and later (JSON_VALUE,
//   JSON_EXISTS, IS JSON, the constructors, ...) are read through their subexpressions and
//   RETURNING types (pg_nodes.h), as the guard's walker reads the analysed JsonExpr; used as
//   a condition they give Opaque, like any other call of pg_catalog.
//
// Column binding follows PostgreSQL (transformColumnRef): the policy's row is the outermost
// query level, each subquery a level inside it. An unqualified name binds to the innermost
// level whose FROM has that column; to the policy's row only when no inner level has it. A
// level whose FROM has an unresolved relation (or a function or subquery whose columns are
// unknown) may hold any column, so a name not found in its other relations is ambiguous and
// its value Unresolved. A qualified name `t.c` binds to the innermost level whose FROM shows
// t (its alias, or its name when it has none); `s.t.c` to the one that shows the unaliased
// relation s.t. The policy's table is seen by its name, schema-qualified or not. A name that
// is not a column anywhere may be a whole-row reference to a relation (`f(invoices)`), which
// is not a column but makes a value RowDependent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "policy_description.h"

struct Node;  // PostgreSQL's parse node (nodes/nodes.h)

namespace tenant_guard::analyzer {

// The table a policy is on: its row is what the expression's column references bind to.
struct PolicyTarget {
    std::string schema;
    std::string name;
    // Its columns; empty when unknown, and then every name that no subquery level holds is
    // taken for a column of the row (PostgreSQL would have rejected any other).
    std::vector<std::string> columns;
};

// A relation that a name in a subquery's FROM resolves to.
struct ResolvedRelation {
    std::vector<std::string> columns;
    bool temporary = false;  // a temporary table: the policy would depend on it
};

// Where PostgreSQL takes an unqualified function from.
struct ResolvedFunction {
    enum class Origin {
        Catalog,    // pg_catalog, which PostgreSQL searches first
        Defined,    // a function the migrations, baseline or preset create, in schema
        Temporary,  // a function in the temporary schema (pg_temp placed in the search_path)
        // Neither pg_catalog nor the inputs define it: a value calling it is Unresolved (the
        // schema that defines it is missing), and a call of it alone is no helper. A scope
        // that does not know pg_catalog's functions answers Catalog instead.
        Unknown,
    };
    Origin origin = Origin::Catalog;
    std::string schema;  // Defined and Temporary
};

// What the reduction asks of the schema model's owner. Qualified function names need no
// question (pg_catalog, a temporary schema, or a schema outside pg_catalog), nor do CTE
// names (the reduction sees their definitions).
class ReductionScope {
public:
    virtual ~ReductionScope() = default;
    // A relation named in a subquery's FROM; schema is empty when the name is unqualified
    // (PostgreSQL tries the temporary schema first, then the search_path). nullopt when it
    // cannot be resolved, or when its columns are not all known.
    virtual std::optional<ResolvedRelation> relation(const std::string& schema,
                                                     const std::string& name) const = 0;
    // An unqualified function name called with argument_count arguments.
    virtual ResolvedFunction function(const std::string& name,
                                      std::size_t argument_count) const = 0;
};

// pg_temp (the session's temporary schema) or pg_temp_N: PostgreSQL reserves these names.
bool is_temporary_schema(const std::string& schema);

// expression: a policy's raw USING or WITH CHECK (CreatePolicyStmt::qual or ::with_check,
// AlterPolicyStmt alike), read in place and not kept; an absent one is the description's
// std::nullopt, not a call here. Throws only what the scope throws.
isolation::v2::Expression reduce_policy_expression(const Node* expression,
                                                   const PolicyTarget& table,
                                                   const ReductionScope& scope);

}  // namespace tenant_guard::analyzer
