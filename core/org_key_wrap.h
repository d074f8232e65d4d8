// Org keys at rest: each organisation's random data key (and its blind-index key) is stored
// wrapped, AES-256-GCM under a key-encryption key derived from a master key:
//
//   KEK     = HKDF-SHA256(ikm = master key, salt = "tenant_guard/v1", info = "tenant_guard/kek/v1")
//   wrapped = 0x01 | nonce (12 B) | encrypted org key (32 B) | tag (16 B)         61 bytes
//   AAD     = length-prefixed ("tenant_guard/org-key/v1", org id (16 B), purpose (1 B),
//                              version (u32 big-endian), master key id)
//
// The AAD binds a wrapped key to the row it belongs to: moving it to another organisation,
// purpose, version or master key id makes it fail to unwrap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aes_gcm.h"
#include "bytes.h"
#include "secure_memory.h"

namespace tenant_guard {

enum class KeyPurpose : uint8_t { Seal = 1, BlindIndex = 2 };

class KeyWrapper {
public:
    static constexpr uint8_t kWrapFormatV1 = 0x01;
    static constexpr size_t kWrappedSize = 1 + AesGcmKey::kNonceSize + Key256::kSize +
                                           AesGcmKey::kTagSize;

    // Derives the KEK of this master key. Throws CryptoError.
    KeyWrapper(const uint8_t* master_key, std::string master_key_id);

    const std::string& master_key_id() const { return master_key_id_; }

    // Writes kWrappedSize bytes. Throws CryptoError.
    void wrap(const uint8_t* org_id, KeyPurpose purpose, uint32_t version, const Key256& key,
              uint8_t* out);

    // False when wrapped does not authenticate for this master key and this binding.
    bool unwrap(const uint8_t* org_id, KeyPurpose purpose, uint32_t version, ByteView wrapped,
                Key256& out);

private:
    std::string master_key_id_;
    AesGcmKey kek_;
};

// HMAC-SHA256 of a fixed label under a master key: stored the first time an id is seen, so
// that a different key loaded under the same id later is noticed. Reveals nothing of the key.
void master_key_check_value(const uint8_t* master_key, uint8_t* out32);

}  // namespace tenant_guard
