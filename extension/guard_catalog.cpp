// Catalog -> the facts core/ needs about one table. Policy expressions are read as the parsed
// trees that PostgreSQL stores (pg_policy.polqual / polwithcheck), never as text.
//
// C-style code: no C++ object with a destructor is alive while PostgreSQL is called.
extern "C" {
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_policy.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
}

#include "guard.h"

namespace tenant_guard::guard {
namespace {

bool references_walker(Node* node, void* context);

// PostgreSQL 15 declares walkers as bool (*)() (K&R style); C++ needs the cast.
using Pg15Walker = bool (*)();
const Pg15Walker kReferencesWalker = reinterpret_cast<Pg15Walker>(reinterpret_cast<void (*)(void)>(references_walker));

struct ReferenceSearch {
    AttrNumber attnum;  // the tenant column of the policy's table
    Index depth;        // subquery nesting below the policy expression
};

// A Var of range-table entry 1 (the policy's own table) at the current query level.
bool references_walker(Node* node, void* context) {
    ReferenceSearch* search = static_cast<ReferenceSearch*>(context);
    if (node == nullptr) return false;
    if (IsA(node, Var)) {
        Var* var = reinterpret_cast<Var*>(node);
        return var->varno == 1 && var->varlevelsup == search->depth &&
               var->varattno == search->attnum;
    }
    if (IsA(node, Query)) {
        search->depth++;
        bool found = query_tree_walker(reinterpret_cast<Query*>(node), kReferencesWalker,
                                       context, 0);
        search->depth--;
        return found;
    }
    return expression_tree_walker(node, kReferencesWalker, context);
}

// Reads one expression column of a pg_policy row: whether it exists and references attnum.
void inspect_expression(HeapTuple tuple, TupleDesc desc, int attno, AttrNumber attnum,
                        bool* exists, bool* references) {
    bool isnull;
    Datum d = heap_getattr(tuple, attno, desc, &isnull);
    *exists = !isnull;
    *references = false;
    if (isnull) return;
    Node* expr = static_cast<Node*>(stringToNode(TextDatumGetCString(d)));
    ReferenceSearch search{attnum, 0};
    *references = references_walker(expr, &search);
}

bool is_exempted(Relation exemptions, Oid relid) {
    HeapTuple exemption = exemption_of(exemptions, relid);
    if (exemption == nullptr) return false;
    heap_freetuple(exemption);
    return true;
}

const char** to_array(List* names, int* n) {
    *n = list_length(names);
    const char** out = static_cast<const char**>(palloc0(sizeof(char*) * (*n + 1)));
    int i = 0;
    ListCell* lc;
    foreach (lc, names)
        out[i++] = static_cast<const char*>(lfirst(lc));
    return out;
}

int compare_qualified_names(const void* a, const void* b) {
    const GuardTableFacts* x = static_cast<const GuardTableFacts*>(a);
    const GuardTableFacts* y = static_cast<const GuardTableFacts*>(b);
    int c = strcmp(x->schema, y->schema);
    return c != 0 ? c : strcmp(x->name, y->name);
}

}  // namespace

void sort_by_qualified_name(GuardTableFacts* tables, int ntables) {
    qsort(tables, ntables, sizeof(GuardTableFacts), compare_qualified_names);
}

Relation open_exemptions(void) {
    Oid relid = exemptions_relid();
    return OidIsValid(relid) ? table_open(relid, AccessShareLock) : nullptr;
}

HeapTuple exemption_of(Relation exemptions, Oid relid) {
    if (exemptions == nullptr) return nullptr;
    ScanKeyData key;
    ScanKeyInit(&key, kExemptionsRelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
    SysScanDesc scan = systable_beginscan(exemptions, InvalidOid, false, GetLatestSnapshot(), 1, &key);
    HeapTuple found = systable_getnext(scan);
    HeapTuple copy = HeapTupleIsValid(found) ? heap_copytuple(found) : nullptr;
    systable_endscan(scan);
    return copy;
}

List* all_permanent_tables(void) {
    List* out = NIL;
    Relation pg_class = table_open(RelationRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(pg_class, 0, nullptr);
    HeapTuple tup;
    while ((tup = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
        if ((cls->relkind == RELKIND_RELATION || cls->relkind == RELKIND_PARTITIONED_TABLE) &&
            cls->relpersistence != RELPERSISTENCE_TEMP)
            out = lappend_oid(out, cls->oid);
    }
    table_endscan(scan);
    table_close(pg_class, AccessShareLock);
    return out;
}

Oid exemptions_relid(void) {
    Oid nsp = get_namespace_oid("tenant_guard", true);
    if (!OidIsValid(nsp)) return InvalidOid;
    return get_relname_relid("exemptions", nsp);
}

bool collect_table_facts(Oid relid, const Settings& settings, Relation exemptions,
                         GuardTableFacts* out) {
    HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tup)) return false;  // dropped since
    Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
    char kind = cls->relkind;
    char persistence = cls->relpersistence;
    bool rls = cls->relrowsecurity;
    Oid nsp = cls->relnamespace;
    char* name = pstrdup(NameStr(cls->relname));
    ReleaseSysCache(tup);
    if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE) return false;
    if (persistence == RELPERSISTENCE_TEMP) return false;

    char* schema = get_namespace_name(nsp);
    if (schema == nullptr) return false;
    int nexempt;
    const char** exempt = to_array(settings.exempt_schemas, &nexempt);
    if (guard_is_exempt_schema(schema, exempt, nexempt)) return false;

    int ncandidates;
    const char** candidates = to_array(settings.tenant_columns, &ncandidates);
    const char** present = static_cast<const char**>(palloc0(sizeof(char*) * (ncandidates + 1)));
    int npresent = 0;
    for (int i = 0; i < ncandidates; ++i)
        if (get_attnum(relid, candidates[i]) != InvalidAttrNumber) present[npresent++] = candidates[i];
    int which = guard_find_tenant_column(present, npresent, candidates, ncandidates);
    if (which == -2) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    if (which < 0) return false;
    const char* tenant_column = candidates[which];
    AttrNumber attnum = get_attnum(relid, tenant_column);

    if (is_exempted(exemptions, relid)) return false;

    // Policies in name order: the order PostgreSQL applies them in, and a stable report.
    Relation pg_policy = table_open(PolicyRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_policy_polrelid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(relid));
    SysScanDesc scan = systable_beginscan(pg_policy, PolicyPolrelidPolnameIndexId, true, nullptr, 1, &key);
    int capacity = 4, npolicies = 0;
    GuardPolicyFacts* policies = static_cast<GuardPolicyFacts*>(palloc0(sizeof(GuardPolicyFacts) * capacity));
    HeapTuple ptup;
    while (HeapTupleIsValid(ptup = systable_getnext(scan))) {
        Form_pg_policy pol = reinterpret_cast<Form_pg_policy>(GETSTRUCT(ptup));
        if (npolicies == capacity) {
            capacity *= 2;
            policies = static_cast<GuardPolicyFacts*>(repalloc(policies, sizeof(GuardPolicyFacts) * capacity));
        }
        GuardPolicyFacts* p = &policies[npolicies++];
        p->name = pstrdup(NameStr(pol->polname));
        p->command = pol->polcmd;
        p->permissive = pol->polpermissive;
        TupleDesc desc = RelationGetDescr(pg_policy);
        inspect_expression(ptup, desc, Anum_pg_policy_polqual, attnum, &p->has_using,
                           &p->using_references_tenant_column);
        inspect_expression(ptup, desc, Anum_pg_policy_polwithcheck, attnum, &p->has_with_check,
                           &p->with_check_references_tenant_column);
    }
    systable_endscan(scan);
    table_close(pg_policy, AccessShareLock);

    out->relid = relid;
    out->schema = schema;
    out->name = name;
    out->tenant_column = tenant_column;
    out->row_level_security = rls;
    out->npolicies = npolicies;
    out->policies = policies;
    return true;
}

}  // namespace tenant_guard::guard
