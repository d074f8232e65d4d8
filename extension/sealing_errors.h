// The errors of sealing and key management: each failure its own SQLSTATE and message
// (docs/errors.md). None carries plaintext or key material.
#pragma once

#include "pg_headers.h"
#include "key_ring.h"
#include "sealed_value.h"

#define TG_ERRCODE_MASTER_KEYS_UNAVAILABLE MAKE_SQLSTATE('T', 'G', '0', '0', '1')
#define TG_ERRCODE_MASTER_KEY_MISMATCH MAKE_SQLSTATE('T', 'G', '0', '0', '2')
#define TG_ERRCODE_SEALED_VALUE_TRUNCATED MAKE_SQLSTATE('T', 'G', '0', '0', '3')
#define TG_ERRCODE_SEALED_VALUE_UNSUPPORTED MAKE_SQLSTATE('T', 'G', '0', '0', '4')
#define TG_ERRCODE_UNKNOWN_KEY_VERSION MAKE_SQLSTATE('T', 'G', '0', '0', '5')
#define TG_ERRCODE_ORG_SHREDDED MAKE_SQLSTATE('T', 'G', '0', '0', '6')
#define TG_ERRCODE_AUTHENTICATION_FAILED MAKE_SQLSTATE('T', 'G', '0', '0', '7')
#define TG_ERRCODE_NO_ORG_KEY MAKE_SQLSTATE('T', 'G', '0', '0', '8')
#define TG_ERRCODE_ORG_KEY_UNWRAP_FAILED MAKE_SQLSTATE('T', 'G', '0', '0', '9')
#define TG_ERRCODE_MASTER_KEY_NOT_LOADED MAKE_SQLSTATE('T', 'G', '0', '1', '0')
#define TG_ERRCODE_CRYPTO_FAILURE MAKE_SQLSTATE('T', 'G', '0', '1', '1')

// The canonical text form of an org id, for messages.
const char* org_text(const pg_uuid_t* org);

// [[noreturn]], standard C++, on every version: PostgreSQL 18 dropped pg_attribute_noreturn().
// For a sealed value whose header does not read (truncated, unknown format or algorithm).
[[noreturn]] void report_malformed(tenant_guard::sealed::Status status, size_t sealed_size);
// For what key_ring found while opening a sealed value (anything but Ok).
[[noreturn]] void report_open_failure(tenant_guard::key_ring::Result result,
                                      const pg_uuid_t* org, const char* context,
                                      size_t context_size, size_t sealed_size);
[[noreturn]] void report_shredded(const pg_uuid_t* org);
[[noreturn]] void report_master_key_not_loaded(const pg_uuid_t* org, int32 version,
                                               const char* master_key_id);
[[noreturn]] void report_unwrap_failure(const pg_uuid_t* org, int32 version,
                                        const char* master_key_id);
void require_superuser(const char* function_name);
