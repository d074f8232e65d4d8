// Sealing and opening one value, as the SQL functions do it, for C callers too (the batches
// of reseal_column). Raise PostgreSQL errors; palloc'd results.
#pragma once

#include "pg_headers.h"

// A new sealed value of plaintext under org's active key (created on the org's first seal).
bytea* seal_bytes(const pg_uuid_t* org, const uint8* plaintext, size_t size, const text* context);
// The plaintext of a sealed value, as a bytea (also the layout of text). The caller wipes it.
bytea* unseal_bytes(const pg_uuid_t* org, const bytea* value, const text* context);
