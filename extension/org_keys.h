// Org keys as the SQL functions need them: from the backend's cache, else read (or, for a new
// organisation, created) in tenant_guard.org_key and unwrapped. Raises PostgreSQL errors.
#pragma once

#include "pg_headers.h"
#include "key_ring.h"

// GUCs, the cache invalidation callbacks and the start-up check of the key source.
void tg_keys_init(void);

// The org's active key for purpose. For a new organisation one is created when create is
// true; otherwise, and for a shredded organisation, returns null if missing_ok, else raises.
tenant_guard::key_ring::CachedKey* active_org_key(const pg_uuid_t* org,
                                                  tenant_guard::KeyPurpose purpose, bool create,
                                                  bool missing_ok);

// The org's sealing key of this version, for opening a value sealed with it.
tenant_guard::key_ring::CachedKey* org_key_version(const pg_uuid_t* org, uint32 version);

// Makes sure master keys are loaded (raises TG001 if they cannot be) and, when record is
// true (before wrapping under it), that the active one matches its recorded check value,
// recording it if it has none. Returns the active master key's index.
size_t require_master_keys(bool record);

// Raises TG002 unless master key index matches its recorded check value (recording it when
// none is and record is true).
void verify_master_key(size_t index, bool record);

// SPI as the bootstrap superuser with search_path = pg_catalog, pg_temp, so that a caller's
// role, search path or objects can't change what tenant_guard's own queries mean.
typedef struct ExtensionQueryScope {
    Oid saved_user;
    int saved_security_context;
    int guc_nest_level;
} ExtensionQueryScope;
void begin_extension_queries(ExtensionQueryScope* scope);
void end_extension_queries(ExtensionQueryScope* scope);

// Refuses writes of new keys on a hot standby or in a read-only transaction, clearly.
void require_writable(const pg_uuid_t* org);

// Runs sql with $1 = org (inside begin_extension_queries); raises unless SPI answers expected.
// Returns the number of rows processed.
uint64 execute_for_org(const char* sql, const pg_uuid_t* org, int expected);

// Lock that serializes rotation, shredding and rewrapping against each other and against
// first seals (inside begin_extension_queries).
void lock_org_keys_for_change(void);

// Inserts a new active key row (wrapped under the active master key).
void insert_org_key(const pg_uuid_t* org, tenant_guard::KeyPurpose purpose, int32 version);
