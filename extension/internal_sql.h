// The one way tenant_guard runs SQL of its own. Every internal SPI query runs inside an
// InternalSqlScope: SPI connected, search_path = pg_catalog, pg_temp in a GUC nest level of its
// own, so that a caller's search path, operators or objects can't change what the query means;
// and, when a role is given, as that role in a security-restricted operation (the bootstrap
// superuser for the extension's key tables, a table's owner for a re-seal batch, the owner of
// tenant_guard.exemptions), as VACUUM and REFRESH MATERIALIZED VIEW run an owner's code.
// Whatever the queries set is undone when the scope ends.
//
// C-style: no C++ object lives here. On an error the (sub)transaction's abort restores the user,
// the security context, the settings and SPI, as it does for PostgreSQL's own such scopes.
#pragma once

#include "pg_headers.h"

struct InternalSqlScope {
    Oid saved_user;
    int saved_security_context;
    int guc_nest_level;
    bool switched_role;
};

// role: InvalidOid to run as the current user, in the current security context.
void begin_internal_sql(InternalSqlScope* scope, Oid role);
void end_internal_sql(InternalSqlScope* scope);
