// The guard's settings (superuser-only) and its initialisation from _PG_init.
extern "C" {
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/rel.h"
#include "utils/varlena.h"
}

#include "guard.h"

namespace tenant_guard::guard {

int mode = kModeEnforce;

namespace {

char* tenant_columns_setting = nullptr;
char* exempt_schemas_setting = nullptr;
char* identity_columns_setting = nullptr;
int missing_policy_level = WARNING;

const struct config_enum_entry kMissingPolicyOptions[] = {
    {"warning", WARNING, false},
    {"error", ERROR, false},
    {nullptr, 0, false},
};

const struct config_enum_entry kModeOptions[] = {
    {"enforce", kModeEnforce, false},
    {"warn", kModeWarn, false},
    {"off", kModeOff, false},
    {nullptr, 0, false},
};

// A list of identifiers, as SplitIdentifierString reads it (unquoted names fold to lower case).
bool check_identifier_list(char** newval, void** extra, GucSource source) {
    char* copy = pstrdup(*newval);
    List* names = NIL;
    bool ok = SplitIdentifierString(copy, ',', &names);
    list_free(names);
    pfree(copy);
    if (!ok) GUC_check_errdetail("List syntax is invalid.");
    return ok;
}

bool check_tenant_columns(char** newval, void** extra, GucSource source) {
    if (!check_identifier_list(newval, extra, source)) return false;
    char* copy = pstrdup(*newval);
    List* names = NIL;
    SplitIdentifierString(copy, ',', &names);
    bool empty = names == NIL;
    list_free(names);
    pfree(copy);
    if (empty) {
        GUC_check_errdetail("At least one tenant column is required.");
        return false;
    }
    return true;
}

List* split(const char* setting) {
    List* names = NIL;
    if (setting) SplitIdentifierString(pstrdup(setting), ',', &names);
    return names;
}

}  // namespace

Settings current_settings(void) {
    return Settings{split(tenant_columns_setting), split(exempt_schemas_setting),
                    split(identity_columns_setting), missing_policy_level == ERROR};
}

}  // namespace tenant_guard::guard

void tg_guard_init(void) {
    using namespace tenant_guard::guard;
    DefineCustomEnumVariable(
        "tenant_guard.mode", "What the guard does with a transaction that leaves a tenant table "
        "without isolation.",
        "enforce refuses the commit, warn commits with a warning, off does not check.", &mode,
        kModeEnforce, kModeOptions, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable(
        "tenant_guard.tenant_columns", "Columns whose presence makes a table a tenant table.",
        "A comma-separated list of column names.", &tenant_columns_setting, "organization_id",
        PGC_SUSET, GUC_LIST_INPUT, check_tenant_columns, nullptr, nullptr);
    DefineCustomStringVariable(
        "tenant_guard.exempt_schemas", "Schemas whose tables the guard does not check.",
        "A comma-separated list of schema names, in addition to pg_catalog, information_schema, "
        "pg_toast and tenant_guard.",
        &exempt_schemas_setting, "", PGC_SUSET, GUC_LIST_INPUT, check_identifier_list, nullptr,
        nullptr);
    DefineCustomStringVariable(
        "tenant_guard.identity_columns",
        "Columns that confine a row to its caller like the tenant column does (a user id).",
        "A comma-separated list of column names; quote a name to keep its case.",
        &identity_columns_setting, "user_id", PGC_SUSET, GUC_LIST_INPUT, check_identifier_list,
        nullptr, nullptr);
    DefineCustomEnumVariable(
        "tenant_guard.missing_policy",
        "Level of tenant-table-missing-policy: a command that no policy grants, hence denied.",
        "warning lets the transaction commit, error refuses it.", &missing_policy_level, WARNING,
        kMissingPolicyOptions, PGC_SUSET, 0, nullptr, nullptr, nullptr);
    register_callbacks();
}
