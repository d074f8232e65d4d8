// HKDF-SHA256 (RFC 5869) and HMAC-SHA256: key derivation for wrapping keys, blind indexes and
// master key check values.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bytes.h"

typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace tenant_guard {

// Fills out[0..out_size) with HKDF-SHA256(ikm, salt, info). Throws CryptoError.
void hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, uint8_t* out, size_t out_size);

// HMAC-SHA256 under a key set once; each mac() starts afresh from that key.
class HmacSha256Key {
public:
    static constexpr size_t kMacSize = 32;

    explicit HmacSha256Key(ByteView key);  // throws CryptoError
    ~HmacSha256Key();
    HmacSha256Key(const HmacSha256Key&) = delete;
    HmacSha256Key& operator=(const HmacSha256Key&) = delete;

    // MAC of the concatenation of parts. Throws CryptoError.
    void mac(const ByteView* parts, size_t count, uint8_t* out);

private:
    EVP_MAC_CTX* ctx_ = nullptr;
};

}  // namespace tenant_guard
