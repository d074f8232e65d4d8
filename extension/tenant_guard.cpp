// The extension's module: its magic block and what it sets up when the server loads it.
#include "pg_headers.h"

#include "org_keys.h"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

void _PG_init(void) {
    tg_keys_init();
}
