// tenant_guard's entry point. In branch guard this is the minimal version: the magic block and
// _PG_init calling the guard's initialisation. The lead merges it with the sealing code.
extern "C" {
#include "postgres.h"

#include "fmgr.h"
}

#include "guard.h"

#pragma GCC visibility push(default)
extern "C" {
PG_MODULE_MAGIC;
void _PG_init(void);
}
#pragma GCC visibility pop

extern "C" void _PG_init(void) {
    tg_guard_init();
}
