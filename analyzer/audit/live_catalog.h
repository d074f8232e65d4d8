// What `tenant-guard audit` knows of a live database, read from its catalog with no extension
// installed: the description that core/'s isolation rule judges (policy_description.h), as the
// guard builds it in extension/guard_catalog.cpp and guard_context.cpp, so that the audit and
// tenant_guard.audit() / tenant_guard.report() decide alike on the same database.
//
//   tenant tables   ordinary and partitioned permanent tables outside the exempt schemas (the
//                   built-in ones and the config's) with a tenant column (the config's, in its
//                   order of preference); exempted ones are reported with their exemption
//   parents         such tables without a tenant column above tenant tables (pg_inherits)
//   policies        pg_policy, in name order; expressions from pg_get_expr() under an empty
//                   search_path, reduced by the checker's reduction (policy_text.h)
//   roles           pg_roles and pg_auth_members (INHERIT per grant from PostgreSQL 16)
//   views           views and materialized views outside pg_catalog and information_schema,
//                   security_invoker from reloptions, what each reads from pg_depend over its
//                   _RETURN rule
//   exemptions      tenant_guard.exemptions, when it exists and the role may read it
//   org keys        the states of tenant_guard.org_key, when it exists and the role may read it
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog_session.h"
#include "config.h"
#include "isolation_report.h"
#include "isolation_rule.h"

namespace tenant_guard::analyzer {

struct LiveSchema {
    std::string database;      // current_database()
    std::string generated_at;  // the transaction's start, UTC
    // Every tenant table, exempted ones with their exemption, sorted by qualified name.
    std::vector<isolation::ReportedTable> tenant_tables;
    // Inheritance parents without the tenant column above judged tenant tables, sorted.
    std::vector<isolation::v2::Table> parents;
    std::vector<isolation::v2::View> views;  // not exempted, sorted
    std::set<std::string> judged_tenant_names;  // qualified, quoted; not exempted
    std::vector<isolation::v2::Role> roles;
    // Absent without the extension, or when the role may not read tenant_guard.org_key.
    std::optional<std::vector<isolation::KeyStateCount>> org_keys;
    // What the audit could not see, one line each (an unreadable exemptions table, a policy
    // expression that does not parse).
    std::vector<std::string> caveats;
};

// Reads everything in session's one transaction. Throws CatalogError.
LiveSchema read_live_schema(CatalogSession& session, const Config& config);

}  // namespace tenant_guard::analyzer
