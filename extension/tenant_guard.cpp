// The extension's module: its magic block and what it sets up when the server loads it.
#include "pg_headers.h"

#include "guard.h"
#include "org_keys.h"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

void _PG_init(void) {
    tg_keys_init();
    tg_guard_init();
    // After every setting is defined: a misspelt tenant_guard.* setting is then an error.
    MarkGUCPrefixReserved("tenant_guard");
}
