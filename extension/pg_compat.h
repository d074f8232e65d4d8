// Where the server API differs between the PostgreSQL versions tenant_guard supports (15, 17 and
// 18), each difference once, as a PG_VERSION_NUM conditional: the rest of extension/ is the same
// code on every version. (PostgreSQL 18 dropped pg_attribute_noreturn(): extension/ says
// [[noreturn]], standard C++, on every version, and needs no conditional for it.)
#pragma once

extern "C" {
#include "postgres.h"

#include "catalog/pg_auth_members.h"
#include "nodes/pg_list.h"
}

namespace tenant_guard::pg_compat {

// Whether a membership grant passes the granted role's privileges on to its member. PostgreSQL 16
// made this a property of each grant (GRANT ... WITH INHERIT); before, it is the member's
// rolinherit, whose roles without it the caller lists in noinherit_roles.
#if PG_VERSION_NUM >= 160000
inline bool grant_inherits(Form_pg_auth_members grant, List* /*noinherit_roles*/) {
    return grant->inherit_option;
}
#else
inline bool grant_inherits(Form_pg_auth_members grant, List* noinherit_roles) {
    return !list_member_oid(noinherit_roles, grant->member);
}
#endif

}  // namespace tenant_guard::pg_compat
