#include "internal_sql.h"

void begin_internal_sql(InternalSqlScope* scope, Oid role) {
    GetUserIdAndSecContext(&scope->saved_user, &scope->saved_security_context);
    scope->switched_role = OidIsValid(role);
    if (scope->switched_role)
        SetUserIdAndSecContext(role, scope->saved_security_context | SECURITY_LOCAL_USERID_CHANGE |
                                         SECURITY_RESTRICTED_OPERATION);
    scope->guc_nest_level = NewGUCNestLevel();
    (void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
                             GUC_ACTION_SAVE, true, 0, false);
    if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "tenant_guard: SPI_connect failed");
}

void end_internal_sql(InternalSqlScope* scope) {
    SPI_finish();
    // As at the end of REFRESH MATERIALIZED VIEW: not a commit, so that no setting made by the
    // queries (or by code of a table owner that they ran) outlives the scope.
    AtEOXact_GUC(false, scope->guc_nest_level);
    if (scope->switched_role) SetUserIdAndSecContext(scope->saved_user, scope->saved_security_context);
}
