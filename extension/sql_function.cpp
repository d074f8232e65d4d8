#include "sql_function.h"

void raise_boundary_error(const tenant_guard::BoundaryError& error) {
    const char* s = error.sqlstate;
    ereport(ERROR, (errcode(MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4])), errmsg_internal("%s", error.message),
                    error.detail[0] ? errdetail_internal("%s", error.detail) : 0,
                    error.hint[0] ? errhint("%s", error.hint) : 0));
    pg_unreachable();
}
