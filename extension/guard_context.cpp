// What the rule needs beside the tables it judges (GuardRuleContext): the roles with their
// attributes and INHERIT memberships, the identity columns and missing-policy level, and the
// views of the database with what each one reads.
//
// C-style code: no C++ object with a destructor is alive while PostgreSQL is called.
extern "C" {
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_rewrite.h"
#include "rewrite/rewriteSupport.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

#include "guard.h"
#include "pg_compat.h"

namespace tenant_guard::guard {
namespace {

template <typename T>
T* grow(T* items, int count, int* capacity) {
    if (count < *capacity) return items;
    T* bigger = static_cast<T*>(palloc0(sizeof(T) * (*capacity * 2)));
    memcpy(bigger, items, sizeof(T) * *capacity);
    *capacity *= 2;
    return bigger;
}

void collect_roles(GuardRuleContext* context) {
    Relation authid = table_open(AuthIdRelationId, AccessShareLock);
    int capacity = 16, n = 0;
    GuardRoleFacts* roles = static_cast<GuardRoleFacts*>(palloc0(sizeof(GuardRoleFacts) * capacity));
    Oid* oids = static_cast<Oid*>(palloc0(sizeof(Oid) * capacity));
    List* noinherit = NIL;
    TableScanDesc scan = table_beginscan_catalog(authid, 0, nullptr);
    HeapTuple tuple;
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        Form_pg_authid role = reinterpret_cast<Form_pg_authid>(GETSTRUCT(tuple));
        int old_capacity = capacity;
        roles = grow(roles, n, &capacity);
        if (capacity != old_capacity) oids = static_cast<Oid*>(repalloc(oids, sizeof(Oid) * capacity));
        roles[n].name = pstrdup(NameStr(role->rolname));
        roles[n].superuser = role->rolsuper;
        roles[n].bypass_rls = role->rolbypassrls;
        oids[n] = role->oid;
        if (!role->rolinherit) noinherit = lappend_oid(noinherit, role->oid);
        n++;
    }
    table_endscan(scan);
    table_close(authid, AccessShareLock);

    // Each role's INHERIT grants, as lists of names.
    List** inherits = static_cast<List**>(palloc0(sizeof(List*) * (n + 1)));
    Relation members = table_open(AuthMemRelationId, AccessShareLock);
    scan = table_beginscan_catalog(members, 0, nullptr);
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        Form_pg_auth_members grant = reinterpret_cast<Form_pg_auth_members>(GETSTRUCT(tuple));
        if (!pg_compat::grant_inherits(grant, noinherit)) continue;
        int member = -1, granted = -1;
        for (int i = 0; i < n; ++i) {
            if (oids[i] == grant->member) member = i;
            if (oids[i] == grant->roleid) granted = i;
        }
        if (member >= 0 && granted >= 0)
            inherits[member] = lappend(inherits[member], const_cast<char*>(roles[granted].name));
    }
    table_endscan(scan);
    table_close(members, AccessShareLock);
    for (int i = 0; i < n; ++i) roles[i].inherits = to_array(inherits[i], &roles[i].ninherits);
    context->roles = roles;
    context->nroles = n;
}

// The relations a view's query reads directly: what its _RETURN rule depends on.
List* view_reads(Oid view) {
    Oid rule = get_rewrite_oid(view, "_RETURN", true);
    List* out = NIL;
    if (!OidIsValid(rule)) return out;
    Relation depend = table_open(DependRelationId, AccessShareLock);
    ScanKeyData keys[2];
    ScanKeyInit(&keys[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
                ObjectIdGetDatum(RewriteRelationId));
    ScanKeyInit(&keys[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(rule));
    SysScanDesc scan = systable_beginscan(depend, DependDependerIndexId, true, nullptr, 2, keys);
    HeapTuple tuple;
    while (HeapTupleIsValid(tuple = systable_getnext(scan))) {
        Form_pg_depend dep = reinterpret_cast<Form_pg_depend>(GETSTRUCT(tuple));
        if (dep->refclassid == RelationRelationId && dep->refobjid != view)
            out = list_append_unique_oid(out, dep->refobjid);
    }
    systable_endscan(scan);
    table_close(depend, AccessShareLock);
    return out;
}

bool is_view_kind(char kind) { return kind == RELKIND_VIEW || kind == RELKIND_MATVIEW; }

// security_invoker among pg_class.reloptions ("name=value" text, the value as the DDL gave it).
bool security_invoker_option(Datum reloptions) {
    ArrayType* options = DatumGetArrayTypeP(reloptions);
    Datum* elements;
    bool* nulls;
    int count;
    deconstruct_array(options, TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &count);
    bool invoker = false;
    for (int i = 0; i < count; ++i) {
        if (nulls[i]) continue;
        char* option = TextDatumGetCString(elements[i]);
        const char* prefix = "security_invoker=";
        if (strncmp(option, prefix, strlen(prefix)) == 0)
            (void)parse_bool(option + strlen(prefix), &invoker);
        pfree(option);
    }
    return invoker;
}

}  // namespace

void collect_rule_context(const Settings& settings, Relation exemptions, GuardRuleContext* context,
                          List** view_relids) {
    memset(context, 0, sizeof(*context));
    collect_roles(context);
    context->identity_columns = to_array(settings.identity_columns, &context->nidentity_columns);
    context->missing_policy_is_error = settings.missing_policy_is_error;

    // Views: every permanent view or materialized view that is not exempted. Exempt schemas
    // do not exempt views: a view in one reads tenant tables all the same.
    *view_relids = NIL;
    Relation pg_class = table_open(RelationRelationId, AccessShareLock);
    TableScanDesc scan = table_beginscan_catalog(pg_class, 0, nullptr);
    HeapTuple tuple;
    List* candidates = NIL;
    while ((tuple = heap_getnext(scan, ForwardScanDirection)) != nullptr) {
        Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple));
        if (is_view_kind(cls->relkind) && cls->relpersistence != RELPERSISTENCE_TEMP &&
            !isAnyTempNamespace(cls->relnamespace) && cls->relnamespace != PG_CATALOG_NAMESPACE &&
            strcmp(get_namespace_name(cls->relnamespace), "information_schema") != 0)
            candidates = lappend_oid(candidates, cls->oid);
    }
    table_endscan(scan);
    table_close(pg_class, AccessShareLock);

    int nviews = list_length(candidates);
    GuardViewFacts* views = static_cast<GuardViewFacts*>(palloc0(sizeof(GuardViewFacts) * (nviews + 1)));
    List* tenant_tables = NIL;
    int n = 0;
    ListCell* lc;
    foreach (lc, candidates) {
        Oid relid = lfirst_oid(lc);
        HeapTuple exemption = exemption_of(exemptions, relid);
        if (exemption != nullptr) {
            heap_freetuple(exemption);
            continue;
        }
        // Read from pg_class, not by opening the view: a commit must not wait for the locks
        // other sessions hold on views it did not touch.
        HeapTuple view_tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        if (!HeapTupleIsValid(view_tuple)) continue;  // dropped since
        Form_pg_class cls = reinterpret_cast<Form_pg_class>(GETSTRUCT(view_tuple));
        GuardViewFacts* v = &views[n++];
        v->relid = relid;
        v->schema = get_namespace_name(cls->relnamespace);
        v->name = pstrdup(NameStr(cls->relname));
        v->materialized = cls->relkind == RELKIND_MATVIEW;
        bool isnull;
        Datum options = SysCacheGetAttr(RELOID, view_tuple, Anum_pg_class_reloptions, &isnull);
        v->security_invoker = !v->materialized && !isnull && security_invoker_option(options);
        ReleaseSysCache(view_tuple);
        *view_relids = lappend_oid(*view_relids, relid);

        // Only what can lead to a tenant table matters: views, and tenant tables themselves.
        List* reads = view_reads(relid);
        const char** names = static_cast<const char**>(palloc0(sizeof(char*) * (list_length(reads) + 1)));
        ListCell* rc;
        foreach (rc, reads) {
            Oid read = lfirst_oid(rc);
            bool is_table;
            const bool tenant = judged_table_tenant_column(read, settings, exemptions, &is_table) != nullptr;
            if (!tenant && !is_view_kind(get_rel_relkind(read))) continue;
            char* name = quoted_qualified_name(read);
            if (name == nullptr) continue;
            names[v->nreads++] = name;
            if (tenant) tenant_tables = lappend(tenant_tables, name);
        }
        v->reads = names;
    }
    context->views = views;
    context->nviews = n;
    context->tenant_tables = to_array(tenant_tables, &context->ntenant_tables);
}

}  // namespace tenant_guard::guard
