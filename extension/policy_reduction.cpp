// The guard's half of "Agreeing trees" (DESIGN.md Part 2): a policy expression as PostgreSQL
// stores it (pg_policy.polqual / polwithcheck, an analysed tree) reduced to the description
// that core/ judges (core/policy_description.h), as plain data for the bridge. The checker
// reduces libpg_query's raw trees to the same description.
//
// C-style code: no C++ object with a destructor is alive while PostgreSQL is called.
extern "C" {
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
#include "nodes/makefuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

#include "policy_reduction.h"

namespace tenant_guard::guard {
namespace {

// PostgreSQL 15 declares walkers as bool (*)() (K&R style); C++ needs the cast.
using Pg15Walker = bool (*)();
template <typename F>
Pg15Walker as_walker(F* function) {
    return reinterpret_cast<Pg15Walker>(reinterpret_cast<void (*)(void)>(function));
}

// In a stored policy expression the policy's table is range-table entry 1 of the top level.
constexpr Index kPolicyRowVarno = 1;

struct Reduction {
    Oid relid;    // the policy's table
    List* nodes;  // of GuardExpressionNode*, prefix order
};

GuardExpressionNode* push(Reduction* r, char kind) {
    GuardExpressionNode* node = static_cast<GuardExpressionNode*>(palloc0(sizeof(GuardExpressionNode)));
    node->kind = kind;
    r->nodes = lappend(r->nodes, node);
    return node;
}

// ---- What an expression depends on ----

bool in_temporary_schema(Oid namespace_oid) {
    return OidIsValid(namespace_oid) && isAnyTempNamespace(namespace_oid);
}

Oid operator_namespace(Oid opno) {
    HeapTuple tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
    if (!HeapTupleIsValid(tuple)) return InvalidOid;
    Oid namespace_oid = reinterpret_cast<Form_pg_operator>(GETSTRUCT(tuple))->oprnamespace;
    ReleaseSysCache(tuple);
    return namespace_oid;
}

bool temp_walker(Node* node, void* context) {
    if (node == nullptr) return false;
    if (IsA(node, FuncExpr))
        if (in_temporary_schema(get_func_namespace(castNode(FuncExpr, node)->funcid))) return true;
    if (IsA(node, OpExpr)) {
        OpExpr* op = castNode(OpExpr, node);
        if (in_temporary_schema(operator_namespace(op->opno)) ||
            in_temporary_schema(get_func_namespace(op->opfuncid)))
            return true;
    }
    if (IsA(node, RangeTblEntry)) {
        RangeTblEntry* rte = castNode(RangeTblEntry, node);
        return rte->rtekind == RTE_RELATION && in_temporary_schema(get_rel_namespace(rte->relid));
    }
    if (IsA(node, Query))
        return query_tree_walker(castNode(Query, node), as_walker(temp_walker), context,
                                 QTW_EXAMINE_RTES_BEFORE);
    return expression_tree_walker(node, as_walker(temp_walker), context);
}

bool is_cast(FuncExpr* f) {
    return f->funcformat == COERCE_EXPLICIT_CAST || f->funcformat == COERCE_IMPLICIT_CAST;
}

bool is_catalog_equality(Oid opno) {
    HeapTuple tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
    if (!HeapTupleIsValid(tuple)) return false;
    Form_pg_operator op = reinterpret_cast<Form_pg_operator>(GETSTRUCT(tuple));
    bool equality = op->oprnamespace == PG_CATALOG_NAMESPACE && strcmp(NameStr(op->oprname), "=") == 0;
    ReleaseSysCache(tuple);
    return equality;
}

// Casts without a type modifier are transparent, as they are to the checker.
Node* strip_casts(Node* node) {
    for (;;) {
        if (node == nullptr) return nullptr;
        if (IsA(node, RelabelType) && castNode(RelabelType, node)->resulttypmod < 0)
            node = reinterpret_cast<Node*>(castNode(RelabelType, node)->arg);
        else if (IsA(node, CoerceViaIO))
            node = reinterpret_cast<Node*>(castNode(CoerceViaIO, node)->arg);
        else if (IsA(node, FuncExpr) && is_cast(castNode(FuncExpr, node)) &&
                 list_length(castNode(FuncExpr, node)->args) == 1)
            node = static_cast<Node*>(linitial(castNode(FuncExpr, node)->args));
        else
            return node;
    }
}

// The policy row's column that node is (under casts), at subquery depth levels below the
// policy expression; NULL when it is something else.
const char* row_column(Reduction* r, Node* node, Index depth) {
    node = strip_casts(node);
    if (node == nullptr || !IsA(node, Var)) return nullptr;
    Var* var = castNode(Var, node);
    if (var->varno != kPolicyRowVarno || var->varlevelsup != depth || var->varattno <= 0) return nullptr;
    return get_attname(r->relid, var->varattno, false);
}

struct ValueSearch {
    Index depth;  // levels between the node being walked and the policy's row
    bool row;     // contains a column of the policy's row
    bool caller;  // contains something that depends on who asks
};

bool value_walker(Node* node, void* context) {
    ValueSearch* search = static_cast<ValueSearch*>(context);
    if (node == nullptr) return false;
    if (IsA(node, Var)) {
        Var* var = castNode(Var, node);
        if (var->varno == kPolicyRowVarno && var->varlevelsup == search->depth) search->row = true;
        return false;
    }
    if (IsA(node, FuncExpr)) {
        FuncExpr* f = castNode(FuncExpr, node);
        if (!is_cast(f) && (get_func_namespace(f->funcid) != PG_CATALOG_NAMESPACE ||
                            f->funcid == F_CURRENT_SETTING_TEXT ||
                            f->funcid == F_CURRENT_SETTING_TEXT_BOOL))
            search->caller = true;
    }
    if (IsA(node, OpExpr) && get_func_namespace(castNode(OpExpr, node)->opfuncid) != PG_CATALOG_NAMESPACE)
        search->caller = true;
    if (IsA(node, SQLValueFunction)) {
        switch (castNode(SQLValueFunction, node)->op) {
            case SVFOP_CURRENT_ROLE:
            case SVFOP_CURRENT_USER:
            case SVFOP_USER:
            case SVFOP_SESSION_USER: search->caller = true; break;
            default: break;
        }
    }
    if (IsA(node, Query)) {
        search->depth++;
        query_tree_walker(castNode(Query, node), as_walker(value_walker), context, 0);
        search->depth--;
        return false;
    }
    return expression_tree_walker(node, as_walker(value_walker), context);
}

char value_class(Node* node, Index depth) {
    ValueSearch search{depth, false, false};
    value_walker(node, &search);
    if (search.row) return 'r';
    return search.caller ? 'c' : 'k';
}

void push_binding(Reduction* r, char binding, const char* column, char value) {
    GuardExpressionNode* node = push(r, 'b');
    node->binding = binding;
    node->value = value;
    node->ncolumns = 1;
    const char** columns = static_cast<const char**>(palloc(sizeof(char*)));
    columns[0] = column;
    node->columns = columns;
}

// A function outside pg_catalog called with columns of the row among its arguments.
bool push_helper(Reduction* r, Node* node) {
    node = strip_casts(node);
    if (node == nullptr || !IsA(node, FuncExpr)) return false;
    FuncExpr* f = castNode(FuncExpr, node);
    Oid namespace_oid = get_func_namespace(f->funcid);
    if (is_cast(f) || namespace_oid == PG_CATALOG_NAMESPACE) return false;
    int nargs = list_length(f->args);
    const char** columns = static_cast<const char**>(palloc0(sizeof(char*) * (nargs + 1)));
    int ncolumns = 0;
    ListCell* lc;
    foreach (lc, f->args) {
        Node* arg = static_cast<Node*>(lfirst(lc));
        if (IsA(arg, NamedArgExpr)) arg = reinterpret_cast<Node*>(castNode(NamedArgExpr, arg)->arg);
        const char* column = row_column(r, arg, 0);
        if (column != nullptr) columns[ncolumns++] = column;
    }
    if (ncolumns == 0) return false;
    GuardExpressionNode* helper = push(r, 'h');
    helper->function = quote_qualified_identifier(get_namespace_name(namespace_oid), get_func_name(f->funcid));
    helper->nargs = nargs;
    helper->ncolumns = ncolumns;
    helper->columns = columns;
    return true;
}

bool is_true_constant(Node* node) {
    node = strip_casts(node);
    return node != nullptr && IsA(node, Const) && castNode(Const, node)->consttype == BOOLOID &&
           !castNode(Const, node)->constisnull && DatumGetBool(castNode(Const, node)->constvalue);
}

// EXISTS (SELECT ... WHERE inner.x = <row>.c AND <caller-dependent>): correlated on c.
void reduce_exists(Reduction* r, Query* query) {
    const char* column = nullptr;
    bool caller = false;
    Node* quals = query->jointree ? query->jointree->quals : nullptr;
    List* conjuncts = quals ? make_ands_implicit(reinterpret_cast<Expr*>(quals)) : NIL;
    ListCell* lc;
    foreach (lc, conjuncts) {
        Node* conjunct = static_cast<Node*>(lfirst(lc));
        if (IsA(conjunct, OpExpr) && list_length(castNode(OpExpr, conjunct)->args) == 2 &&
            is_catalog_equality(castNode(OpExpr, conjunct)->opno)) {
            Node* left = static_cast<Node*>(linitial(castNode(OpExpr, conjunct)->args));
            Node* right = static_cast<Node*>(lsecond(castNode(OpExpr, conjunct)->args));
            const char* correlated = row_column(r, right, 1);
            Node* inner = strip_casts(left);
            if (correlated == nullptr) {
                correlated = row_column(r, left, 1);
                inner = strip_casts(right);
            }
            if (correlated != nullptr && inner != nullptr && IsA(inner, Var) &&
                castNode(Var, inner)->varlevelsup == 0) {
                column = correlated;
                continue;
            }
        }
        if (value_class(conjunct, 1) == 'c') caller = true;
    }
    if (column == nullptr) {
        push(r, 'x');
        return;
    }
    push_binding(r, 'x', column, caller ? 'c' : 'k');
}

void reduce(Reduction* r, Node* node);

void reduce_equality(Reduction* r, Node* left, Node* right) {
    if (is_true_constant(right) && push_helper(r, left)) return;
    if (is_true_constant(left) && push_helper(r, right)) return;
    const char* column = row_column(r, left, 0);
    Node* value = right;
    if (column == nullptr) {
        column = row_column(r, right, 0);
        value = left;
    }
    if (column == nullptr) {
        push(r, 'x');
        return;
    }
    push_binding(r, 'e', column, value_class(value, 0));
}

// c = ANY (array): an IN list arrives here as an ARRAY[...] or, all constants, a constant array.
void reduce_any(Reduction* r, ScalarArrayOpExpr* any) {
    const char* column = list_length(any->args) == 2 ? row_column(r, static_cast<Node*>(linitial(any->args)), 0) : nullptr;
    if (!any->useOr || column == nullptr || !is_catalog_equality(any->opno)) {
        push(r, 'x');
        return;
    }
    Node* values = strip_casts(static_cast<Node*>(lsecond(any->args)));
    if (IsA(values, ArrayExpr)) {
        List* elements = castNode(ArrayExpr, values)->elements;
        if (list_length(elements) > 1) push(r, 'o')->noperands = list_length(elements);
        ListCell* lc;
        foreach (lc, elements)
            push_binding(r, 'e', column, value_class(static_cast<Node*>(lfirst(lc)), 0));
        return;
    }
    if (IsA(values, Const) && !castNode(Const, values)->constisnull) {
        ArrayType* array = DatumGetArrayTypeP(castNode(Const, values)->constvalue);
        int count = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
        if (count > 1) push(r, 'o')->noperands = count;
        for (int i = 0; i < Max(count, 1); ++i) push_binding(r, 'e', column, 'k');
        return;
    }
    push_binding(r, 'e', column, value_class(values, 0));
}

void reduce_sublink(Reduction* r, SubLink* link) {
    Query* query = castNode(Query, link->subselect);
    if (link->subLinkType == EXISTS_SUBLINK) {
        reduce_exists(r, query);
        return;
    }
    // c IN (subquery), c = ANY (subquery): the test compares c with the subquery's column.
    if (link->subLinkType == ANY_SUBLINK && link->testexpr != nullptr && IsA(link->testexpr, OpExpr)) {
        OpExpr* test = castNode(OpExpr, link->testexpr);
        const char* column = list_length(test->args) == 2 && is_catalog_equality(test->opno)
                                 ? row_column(r, static_cast<Node*>(linitial(test->args)), 0)
                                 : nullptr;
        if (column != nullptr) {
            push_binding(r, 'm', column, value_class(reinterpret_cast<Node*>(query), 0));
            return;
        }
    }
    push(r, 'x');
}

void reduce(Reduction* r, Node* node) {
    if (node == nullptr) {
        push(r, 'x');
        return;
    }
    switch (nodeTag(node)) {
        case T_BoolExpr: {
            BoolExpr* b = castNode(BoolExpr, node);
            if (b->boolop == NOT_EXPR) break;
            push(r, b->boolop == OR_EXPR ? 'o' : 'a')->noperands = list_length(b->args);
            ListCell* lc;
            foreach (lc, b->args)
                reduce(r, static_cast<Node*>(lfirst(lc)));
            return;
        }
        case T_OpExpr: {
            OpExpr* op = castNode(OpExpr, node);
            if (list_length(op->args) != 2 || !is_catalog_equality(op->opno)) break;
            reduce_equality(r, static_cast<Node*>(linitial(op->args)),
                            static_cast<Node*>(lsecond(op->args)));
            return;
        }
        case T_ScalarArrayOpExpr: reduce_any(r, castNode(ScalarArrayOpExpr, node)); return;
        case T_SubLink: reduce_sublink(r, castNode(SubLink, node)); return;
        case T_BooleanTest:
            if (castNode(BooleanTest, node)->booltesttype == IS_TRUE &&
                push_helper(r, reinterpret_cast<Node*>(castNode(BooleanTest, node)->arg)))
                return;
            break;
        default:
            if (push_helper(r, node)) return;
            break;
    }
    push(r, 'x');
}

}  // namespace

GuardExpressionFacts reduce_policy_expression(Node* expression, Oid relid) {
    Reduction r{relid, NIL};
    if (temp_walker(expression, nullptr))
        push(&r, 't');
    else
        reduce(&r, expression);
    GuardExpressionFacts out{};
    out.nnodes = list_length(r.nodes);
    GuardExpressionNode* nodes = static_cast<GuardExpressionNode*>(palloc(sizeof(GuardExpressionNode) * out.nnodes));
    int i = 0;
    ListCell* lc;
    foreach (lc, r.nodes)
        nodes[i++] = *static_cast<GuardExpressionNode*>(lfirst(lc));
    out.nodes = nodes;
    return out;
}

}  // namespace tenant_guard::guard
