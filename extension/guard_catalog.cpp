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
#include "catalog/pg_inherits.h"
#include "catalog/pg_policy.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
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
#include "sql_function.h"
#include "policy_reduction.h"

namespace tenant_guard::guard {
namespace {

// One expression column of a pg_policy row, reduced for core/ (nnodes 0 when it is NULL).
GuardExpressionFacts read_expression(HeapTuple tuple, TupleDesc desc, int attno, Oid relid) {
    bool isnull;
    Datum d = heap_getattr(tuple, attno, desc, &isnull);
    if (isnull) return GuardExpressionFacts{0, nullptr};
    return reduce_policy_expression(static_cast<Node*>(stringToNode(TextDatumGetCString(d))), relid);
}

// pg_policy.polroles: {0} is PUBLIC.
void read_policy_roles(HeapTuple tuple, TupleDesc desc, GuardPolicyFacts* out) {
    bool isnull;
    Datum d = heap_getattr(tuple, Anum_pg_policy_polroles, desc, &isnull);
    out->to_public = true;
    if (isnull) return;
    ArrayType* array = DatumGetArrayTypeP(d);
    Oid* oids = reinterpret_cast<Oid*>(ARR_DATA_PTR(array));
    int n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
    const char** names = static_cast<const char**>(palloc0(sizeof(char*) * (n + 1)));
    int nnames = 0;
    for (int i = 0; i < n; ++i) {
        if (oids[i] == ACL_ID_PUBLIC) return;
        char* name = GetUserNameFromId(oids[i], true);
        if (name != nullptr) names[nnames++] = name;
    }
    out->to_public = false;
    out->roles = names;
    out->nroles = nnames;
}

// The policies of relid in name order: the order PostgreSQL applies them in, a stable report.
const GuardPolicyFacts* read_policies(Oid relid, int* npolicies) {
    Relation pg_policy = table_open(PolicyRelationId, AccessShareLock);
    ScanKeyData key;
    ScanKeyInit(&key, Anum_pg_policy_polrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
    SysScanDesc scan = systable_beginscan(pg_policy, PolicyPolrelidPolnameIndexId, true, nullptr, 1, &key);
    int capacity = 4, n = 0;
    GuardPolicyFacts* policies = static_cast<GuardPolicyFacts*>(palloc0(sizeof(GuardPolicyFacts) * capacity));
    TupleDesc desc = RelationGetDescr(pg_policy);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Form_pg_policy pol = reinterpret_cast<Form_pg_policy>(GETSTRUCT(tuple));
        if (n == capacity) {
            policies = static_cast<GuardPolicyFacts*>(repalloc(policies, sizeof(GuardPolicyFacts) * capacity * 2));
            memset(&policies[capacity], 0, sizeof(GuardPolicyFacts) * capacity);
            capacity *= 2;
        }
        GuardPolicyFacts* p = &policies[n++];
        p->name = pstrdup(NameStr(pol->polname));
        p->command = pol->polcmd;
        p->permissive = pol->polpermissive;
        read_policy_roles(tuple, desc, p);
        p->using_expression = read_expression(tuple, desc, Anum_pg_policy_polqual, relid);
        p->with_check_expression = read_expression(tuple, desc, Anum_pg_policy_polwithcheck, relid);
    }
    systable_endscan(scan);
    table_close(pg_policy, AccessShareLock);
    *npolicies = n;
    return policies;
}

bool is_exempted(Relation exemptions, Oid relid) {
    HeapTuple exemption = exemption_of(exemptions, relid);
    if (exemption == nullptr) return false;
    heap_freetuple(exemption);
    return true;
}

int compare_qualified_names(const void* a, const void* b) {
    const GuardTableFacts* x = static_cast<const GuardTableFacts*>(a);
    const GuardTableFacts* y = static_cast<const GuardTableFacts*>(b);
    int c = strcmp(x->schema, y->schema);
    return c != 0 ? c : strcmp(x->name, y->name);
}

}  // namespace

const char** to_array(List* names, int* n) {
    *n = list_length(names);
    const char** out = static_cast<const char**>(palloc0(sizeof(char*) * (*n + 1)));
    int i = 0;
    ListCell* lc;
    foreach (lc, names)
        out[i++] = static_cast<const char*>(lfirst(lc));
    return out;
}

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

const char* judged_table_tenant_column(Oid relid, const Settings& settings, Relation exemptions,
                                       bool* is_table) {
    *is_table = false;
    HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tup)) return nullptr;  // dropped since
    Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
    char kind = cls->relkind;
    char persistence = cls->relpersistence;
    Oid nsp = cls->relnamespace;
    ReleaseSysCache(tup);
    if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE) return nullptr;
    if (persistence == RELPERSISTENCE_TEMP) return nullptr;
    char* schema = get_namespace_name(nsp);
    if (schema == nullptr) return nullptr;
    int nexempt;
    const char** exempt = to_array(settings.exempt_schemas, &nexempt);
    if (value_or_raise(guard_is_exempt_schema(schema, exempt, nexempt))) return nullptr;
    if (is_exempted(exemptions, relid)) return nullptr;
    *is_table = true;

    int ncandidates;
    const char** candidates = to_array(settings.tenant_columns, &ncandidates);
    const char** present = static_cast<const char**>(palloc0(sizeof(char*) * (ncandidates + 1)));
    int npresent = 0;
    for (int i = 0; i < ncandidates; ++i)
        if (get_attnum(relid, candidates[i]) != InvalidAttrNumber) present[npresent++] = candidates[i];
    int which = value_or_raise(guard_find_tenant_column(present, npresent, candidates, ncandidates));
    return which < 0 ? nullptr : candidates[which];
}

char* quoted_qualified_name(Oid relid) {
    char* schema = get_namespace_name(get_rel_namespace(relid));
    char* name = get_rel_name(relid);
    if (schema == nullptr || name == nullptr) return nullptr;
    return quote_qualified_identifier(schema, name);
}

namespace {

// What collect_table_facts and collect_parent_facts share: the relation's own facts.
void read_relation(Oid relid, const char* tenant_column, GuardTableFacts* out) {
    HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
    if (!HeapTupleIsValid(tup)) elog(ERROR, "cache lookup failed for relation %u", relid);
    Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(tup));
    out->relid = relid;
    out->schema = get_namespace_name(cls->relnamespace);
    out->name = pstrdup(NameStr(cls->relname));
    out->row_level_security = cls->relrowsecurity;
    out->force_row_level_security = cls->relforcerowsecurity;
    Oid owner = cls->relowner;
    ReleaseSysCache(tup);
    out->owner = GetUserNameFromId(owner, true);
    out->tenant_column = tenant_column;
    out->tenant_column_type = "";
    if (tenant_column[0] != '\0')
        out->tenant_column_type = format_type_be(get_atttype(relid, get_attnum(relid, tenant_column)));
    out->policies = read_policies(relid, &out->npolicies);
}

}  // namespace

bool collect_table_facts(Oid relid, const Settings& settings, Relation exemptions,
                         GuardTableFacts* out) {
    bool is_table;
    const char* tenant_column = judged_table_tenant_column(relid, settings, exemptions, &is_table);
    if (tenant_column == nullptr) return false;
    memset(out, 0, sizeof(*out));
    read_relation(relid, tenant_column, out);
    return true;
}

GuardTableFacts* judged_tables(const Settings& settings, Relation exemptions, int* ntables) {
    List* candidates = all_permanent_tables();
    GuardTableFacts* tables = static_cast<GuardTableFacts*>(
        palloc0(sizeof(GuardTableFacts) * (list_length(candidates) + 1)));
    int n = 0;
    ListCell* lc;
    foreach (lc, candidates) {
        Oid relid = lfirst_oid(lc);
        if (collect_table_facts(relid, settings, exemptions, &tables[n]) ||
            collect_parent_facts(relid, settings, exemptions, &tables[n]))
            n++;
    }
    sort_by_qualified_name(tables, n);
    *ntables = n;
    return tables;
}

int count_tenant_tables(const GuardTableFacts* tables, int ntables) {
    int n = 0;
    for (int i = 0; i < ntables; ++i)
        if (tables[i].tenant_column[0] != '\0') n++;
    return n;
}

bool collect_parent_facts(Oid relid, const Settings& settings, Relation exemptions,
                          GuardTableFacts* out) {
    bool is_table;
    if (judged_table_tenant_column(relid, settings, exemptions, &is_table) != nullptr || !is_table)
        return false;
    if (!has_subclass(relid)) return false;
    List* descendants = find_all_inheritors(relid, AccessShareLock, nullptr);
    const char** names = static_cast<const char**>(palloc0(sizeof(char*) * (list_length(descendants) + 1)));
    int n = 0;
    ListCell* lc;
    foreach (lc, descendants) {
        Oid descendant = lfirst_oid(lc);
        bool descendant_is_table;
        // An exempted descendant is no reason to judge the parent; an exempt parent is skipped above.
        if (descendant == relid ||
            judged_table_tenant_column(descendant, settings, exemptions, &descendant_is_table) == nullptr)
            continue;
        if (char* name = quoted_qualified_name(descendant)) names[n++] = name;
    }
    if (n == 0) return false;
    memset(out, 0, sizeof(*out));
    read_relation(relid, "", out);
    out->descendants = names;
    out->ndescendants = n;
    return true;
}

}  // namespace tenant_guard::guard
