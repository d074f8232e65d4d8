#include "key_ring.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crypto_error.h"
#include "kdf.h"
#include "master_keys.h"
#include "random.h"
#include "sealed_value.h"

// This file is the C++ side of the boundary: it must never see PostgreSQL.
#ifdef PG_VERSION_NUM
#error "key_ring.cpp must not include PostgreSQL headers"
#endif

namespace tenant_guard::key_ring {

struct CachedKey {
    KeyPurpose purpose;
    uint32_t version;
    std::unique_ptr<AesGcmKey> cipher;      // KeyPurpose::Seal
    std::unique_ptr<HmacSha256Key> hmac;    // KeyPurpose::BlindIndex
};

namespace {

struct CacheKey {
    std::array<uint8_t, kOrgIdSize> org;
    KeyPurpose purpose;
    uint32_t version;  // 0 in the active-version index

    CacheKey(const uint8_t* org_id, KeyPurpose key_purpose, uint32_t key_version)
        : purpose(key_purpose), version(key_version) {
        std::memcpy(org.data(), org_id, kOrgIdSize);
    }
    bool operator==(const CacheKey& other) const {
        return org == other.org && purpose == other.purpose && version == other.version;
    }
};

struct CacheKeyHash {
    size_t operator()(const CacheKey& key) const noexcept {
        const std::string_view bytes(reinterpret_cast<const char*>(key.org.data()), kOrgIdSize);
        return std::hash<std::string_view>()(bytes) ^
               (static_cast<size_t>(key.purpose) << 40) ^ (static_cast<size_t>(key.version) << 8);
    }
};

// Each entry holds two cipher contexts (about 1 KiB); a backend that touches more orgs than
// this starts over rather than growing without bound.
constexpr size_t kMaxCachedKeys = 20000;

std::optional<MasterKeys> master_keys;
std::vector<std::unique_ptr<KeyWrapper>> wrappers;  // derived on first use, by index
std::unordered_map<CacheKey, std::unique_ptr<CachedKey>, CacheKeyHash> keys_by_version;
std::unordered_map<CacheKey, CachedKey*, CacheKeyHash> active_keys;

// Under row level security every row a query touches belongs to one organisation: remember the
// last key looked up each way and skip the hash table while the organisation stays the same.
struct LastLookup {
    std::optional<CacheKey> key;
    CachedKey* value = nullptr;
};
LastLookup last_by_version;
LastLookup last_active;

// SQLSTATE TG011 (docs/errors.md): OpenSSL failed.
constexpr const char* kCryptoFailure = "TG011";
// SQLSTATE TG001: the key source is unusable.
constexpr const char* kMasterKeysUnavailable = "TG001";

// Runs body with every exception turned into the Outcome's error: nothing unwinds past this
// file. what: the operation, for "tenant_guard could not <what>".
template <typename Body>
Outcome<Result> guarded(const char* what, Body&& body) noexcept {
    return run_cpp<Result>(what, kCryptoFailure, std::forward<Body>(body));
}

KeyWrapper& wrapper(size_t index) {
    if (!wrappers[index])
        wrappers[index] = std::make_unique<KeyWrapper>(master_keys->key(index), master_keys->id(index));
    return *wrappers[index];
}

constexpr std::string_view kBlindIndexLabel = "tenant_guard/blind-index/v1";

}  // namespace

Outcome<size_t> load_master_keys(const char* key_file, const char* key_command) noexcept {
    forget_master_keys();
    Outcome<size_t> loaded = run_cpp<size_t>("load master keys", kMasterKeysUnavailable, [&] {
        if (key_command != nullptr && key_command[0] != '\0')
            master_keys.emplace(MasterKeys::load_command(key_command));
        else if (key_file != nullptr && key_file[0] != '\0')
            master_keys.emplace(MasterKeys::load_file(key_file));
        else
            throw KeySourceError("neither tenant_guard.key_file nor tenant_guard.key_command is set");
        wrappers.resize(master_keys->size());
        return master_keys->size();
    });
    if (!loaded.ok) forget_master_keys();
    return loaded;
}

void forget_master_keys() noexcept {
    forget_org_keys();
    wrappers.clear();
    master_keys.reset();  // LockedBuffer zeroes the keys
}

bool master_keys_loaded() noexcept { return master_keys.has_value(); }
size_t master_key_count() noexcept { return master_keys ? master_keys->size() : 0; }
const char* master_key_id(size_t index) noexcept { return master_keys->id(index).c_str(); }
size_t active_master_key() noexcept { return master_keys->active_index(); }

int find_master_key(const char* id) noexcept {
    if (!master_keys) return -1;
    const auto index = master_keys->find(id);
    return index ? static_cast<int>(*index) : -1;
}

Outcome<Result> master_key_check_value(size_t index, uint8_t* out) noexcept {
    return guarded("compute a master key check value", [&] {
        tenant_guard::master_key_check_value(master_keys->key(index), out);
        return Result::Ok;
    });
}

CachedKey* find_key(const uint8_t* org, KeyPurpose purpose, uint32_t version) noexcept {
    const CacheKey key(org, purpose, version);
    if (last_by_version.key == key) return last_by_version.value;
    const auto found = keys_by_version.find(key);
    if (found == keys_by_version.end()) return nullptr;
    last_by_version = {key, found->second.get()};
    return found->second.get();
}

CachedKey* find_active_key(const uint8_t* org, KeyPurpose purpose) noexcept {
    const CacheKey key(org, purpose, 0);
    if (last_active.key == key) return last_active.value;
    const auto found = active_keys.find(key);
    if (found == active_keys.end()) return nullptr;
    last_active = {key, found->second};
    return found->second;
}

uint32_t key_version(const CachedKey* key) noexcept { return key->version; }

Outcome<Result> install_key(const uint8_t* org, KeyPurpose purpose, uint32_t version, bool active,
                            size_t master_index, const uint8_t* wrapped, size_t wrapped_size,
                            CachedKey** out) noexcept {
    return guarded("unwrap an org key", [&] {
        // Already unwrapped (to open a value): becoming active must not replace the entry,
        // which lookups may still point to.
        const auto existing = keys_by_version.find(CacheKey(org, purpose, version));
        if (existing != keys_by_version.end()) {
            if (active) active_keys[CacheKey(org, purpose, 0)] = existing->second.get();
            *out = existing->second.get();
            return Result::Ok;
        }
        if (keys_by_version.size() >= kMaxCachedKeys) forget_org_keys();
        Key256 plain;
        if (!wrapper(master_index).unwrap(org, purpose, version, ByteView(wrapped, wrapped_size), plain))
            return Result::AuthenticationFailed;
        auto key = std::make_unique<CachedKey>();
        key->purpose = purpose;
        key->version = version;
        if (purpose == KeyPurpose::Seal)
            key->cipher = std::make_unique<AesGcmKey>(plain.data());
        else
            key->hmac = std::make_unique<HmacSha256Key>(ByteView(plain.data(), Key256::kSize));
        CachedKey* raw = key.get();
        keys_by_version[CacheKey(org, purpose, version)] = std::move(key);
        if (active) active_keys[CacheKey(org, purpose, 0)] = raw;
        *out = raw;
        return Result::Ok;
    });
}

void forget_org_keys() noexcept {
    last_by_version = {};
    last_active = {};
    active_keys.clear();
    keys_by_version.clear();  // OpenSSL cleanses the key schedules as the contexts are freed
}

Outcome<Result> new_wrapped_key(const uint8_t* org, KeyPurpose purpose, uint32_t version,
                                uint8_t* out) noexcept {
    return guarded("create an org key", [&] {
        Key256 key;
        random_bytes(key.data(), Key256::kSize);
        wrapper(master_keys->active_index()).wrap(org, purpose, version, key, out);
        return Result::Ok;
    });
}

Outcome<Result> rewrap_key(const uint8_t* org, KeyPurpose purpose, uint32_t version, size_t from_index,
                           const uint8_t* wrapped, size_t wrapped_size, uint8_t* out) noexcept {
    return guarded("rewrap an org key", [&] {
        Key256 key;
        if (!wrapper(from_index).unwrap(org, purpose, version, ByteView(wrapped, wrapped_size), key))
            return Result::AuthenticationFailed;
        wrapper(master_keys->active_index()).wrap(org, purpose, version, key, out);
        return Result::Ok;
    });
}

Outcome<Result> seal(CachedKey* key, const uint8_t* org, const char* context, size_t context_size,
                     const uint8_t* plaintext, size_t plaintext_size, uint8_t* out) noexcept {
    return guarded("seal", [&] {
        uint8_t nonce[AesGcmKey::kNonceSize];
        fresh_nonce(nonce);
        sealed::seal(*key->cipher, key->version, org, ByteView(context, context_size),
                     ByteView(plaintext, plaintext_size), nonce, out);
        return Result::Ok;
    });
}

Outcome<Result> open(CachedKey* key, const uint8_t* org, const char* context, size_t context_size,
                     const uint8_t* sealed_value, size_t sealed_size, uint8_t* plaintext_out) noexcept {
    return guarded("unseal", [&] {
        switch (sealed::open(*key->cipher, org, ByteView(context, context_size),
                             ByteView(sealed_value, sealed_size), plaintext_out)) {
            case sealed::Status::Ok: return Result::Ok;
            case sealed::Status::Truncated: return Result::Truncated;
            case sealed::Status::UnknownFormat: return Result::UnknownFormat;
            case sealed::Status::UnknownAlgorithm: return Result::UnknownAlgorithm;
            case sealed::Status::AuthenticationFailed: break;
        }
        return Result::AuthenticationFailed;
    });
}

Outcome<Result> blind_index(CachedKey* key, const char* context, size_t context_size,
                            const uint8_t* value, size_t value_size, uint8_t* out) noexcept {
    return guarded("compute a blind index", [&] {
        uint8_t label_length[4], context_length[4], value_length[4];
        store_u32_be(label_length, static_cast<uint32_t>(kBlindIndexLabel.size()));
        store_u32_be(context_length, static_cast<uint32_t>(context_size));
        store_u32_be(value_length, static_cast<uint32_t>(value_size));
        const ByteView parts[] = {ByteView(label_length, 4), kBlindIndexLabel,
                                  ByteView(context_length, 4), ByteView(context, context_size),
                                  ByteView(value_length, 4), ByteView(value, value_size)};
        key->hmac->mac(parts, 6, out);
        return Result::Ok;
    });
}

}  // namespace tenant_guard::key_ring
