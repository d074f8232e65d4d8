// The per-backend key state: master keys, and a cache of unwrapped org keys with ready cipher
// contexts. Pure C++ behind a noexcept interface: nothing here calls PostgreSQL, and no C++
// exception leaves it, so PostgreSQL glue can call it from any frame. What can fail returns an
// Outcome (boundary.h): a failure of OpenSSL or of memory is its error (SQLSTATE TG011 or
// 53200), for the glue to raise with value_or_raise.
#pragma once

#include <cstddef>
#include <cstdint>

#include "boundary.h"
#include "org_key_wrap.h"

namespace tenant_guard::key_ring {

constexpr size_t kOrgIdSize = 16;
constexpr size_t kCheckValueSize = 32;
constexpr size_t kBlindIndexSize = 32;

// What an operation found in the data it was given (its Outcome's error is what went wrong in
// the library instead).
enum class Result {
    Ok,
    AuthenticationFailed,  // a sealed value or wrapped key did not authenticate
    Truncated,
    UnknownFormat,
    UnknownAlgorithm,
};

// --- master keys -------------------------------------------------------------------------

// Loads from key_command if it is set, else from key_file; the number of keys. On failure no
// keys are held and the error's detail says why (the source and line, never a key).
Outcome<size_t> load_master_keys(const char* key_file, const char* key_command) noexcept;
void forget_master_keys() noexcept;  // also forgets every org key
bool master_keys_loaded() noexcept;
size_t master_key_count() noexcept;
const char* master_key_id(size_t index) noexcept;
size_t active_master_key() noexcept;
int find_master_key(const char* id) noexcept;  // -1 when not loaded
Outcome<Result> master_key_check_value(size_t index, uint8_t* out) noexcept;

// --- org keys ----------------------------------------------------------------------------

struct CachedKey;  // an unwrapped org key, ready to use

// The cached key for (org, purpose, version), or null.
CachedKey* find_key(const uint8_t* org, KeyPurpose purpose, uint32_t version) noexcept;
// The cached active key for (org, purpose), or null.
CachedKey* find_active_key(const uint8_t* org, KeyPurpose purpose) noexcept;
uint32_t key_version(const CachedKey* key) noexcept;

// Unwraps with master key master_index and caches the result.
Outcome<Result> install_key(const uint8_t* org, KeyPurpose purpose, uint32_t version, bool active,
                            size_t master_index, const uint8_t* wrapped, size_t wrapped_size,
                            CachedKey** out) noexcept;
// Forgets every cached org key (another session rotated, shredded or rewrapped).
void forget_org_keys() noexcept;

// A new random org key, wrapped under the active master key (KeyWrapper::kWrappedSize bytes).
Outcome<Result> new_wrapped_key(const uint8_t* org, KeyPurpose purpose, uint32_t version,
                                uint8_t* out) noexcept;
// Unwraps under master key from_index and wraps again under the active master key.
Outcome<Result> rewrap_key(const uint8_t* org, KeyPurpose purpose, uint32_t version, size_t from_index,
                           const uint8_t* wrapped, size_t wrapped_size, uint8_t* out) noexcept;

// --- using org keys ----------------------------------------------------------------------

// Writes sealed::sealed_size(plaintext_size) bytes to out.
Outcome<Result> seal(CachedKey* key, const uint8_t* org, const char* context, size_t context_size,
                     const uint8_t* plaintext, size_t plaintext_size, uint8_t* out) noexcept;
// Writes sealed_size - sealed::kOverhead bytes to plaintext_out.
Outcome<Result> open(CachedKey* key, const uint8_t* org, const char* context, size_t context_size,
                     const uint8_t* sealed_value, size_t sealed_size, uint8_t* plaintext_out) noexcept;
// HMAC-SHA256 over length-prefixed ("tenant_guard/blind-index/v1", context, value).
Outcome<Result> blind_index(CachedKey* key, const char* context, size_t context_size,
                            const uint8_t* value, size_t value_size, uint8_t* out) noexcept;

}  // namespace tenant_guard::key_ring
