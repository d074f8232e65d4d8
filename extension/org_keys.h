// Org keys as the SQL functions need them: from the backend's cache, else read (or, for a new
// organisation, created) in tenant_guard.org_key and unwrapped. Raises PostgreSQL errors.
#pragma once

#include "pg_headers.h"
#include "internal_sql.h"
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

// The queries on the key tables run as the bootstrap superuser (internal_sql.h), so that a
// caller's role, search path or objects can't change what they mean.
void begin_key_table_queries(InternalSqlScope* scope);

// Refuses writes of new keys on a hot standby or in a read-only transaction, clearly.
void require_writable(const pg_uuid_t* org);

// Runs sql with $1 = org (inside begin_key_table_queries); raises unless SPI answers expected.
// Returns the number of rows processed.
uint64 execute_for_org(const char* sql, const pg_uuid_t* org, int expected);

// Runs sql on tenant_guard.org_key or master_key_check (inside begin_key_table_queries) with a
// snapshot taken now rather than the transaction's: key rows are read and written like catalog
// rows, so that under REPEATABLE READ or SERIALIZABLE a key that another session committed after
// this transaction began is used, not created again (which would fail with 40001).
int execute_on_key_tables(const char* sql, int nargs, Oid* types, Datum* values, bool read_only,
                          long count);

// Sessions writing the same first row at once (an organisation's first key, the check value of
// a master key id new to the database): the first to get here may write it and holds a lock
// until its transaction ends (returns true); the others wait for that transaction to end,
// holding nothing, then read what it committed instead of inserting again (returns false;
// under REPEATABLE READ or SERIALIZABLE, an ON CONFLICT against a row committed after the
// snapshot fails with 40001). The lock is on (the oid of tenant_guard.org_key, a hash of table
// and key), which no SQL can take: a collision only makes two first writes wait for each other.
bool lock_first_write(const char* table, const uint8* key, size_t key_size);

// Lock that serializes rotation, shredding and rewrapping against each other and against
// first seals (inside begin_key_table_queries).
void lock_org_keys_for_change(void);

// Inserts a new active key row (wrapped under the active master key).
void insert_org_key(const pg_uuid_t* org, tenant_guard::KeyPurpose purpose, int32 version);
