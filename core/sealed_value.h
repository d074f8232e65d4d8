// The sealed value format (docs/format.md): what seal() returns and unseal() accepts.
//
//   offset 0   u8    format = 0x01
//   offset 1   u8    algorithm = 0x01 (AES-256-GCM)
//   offset 2   u32   org key version, big-endian
//   offset 6   12 B  nonce, fresh and random on every seal
//   offset 18  ...   ciphertext, then the 16-byte GCM tag
//
// AAD = for each of ("tenant_guard/v1", bytes 0..5, org id as 16 bytes, context): its length
// as u32 big-endian, then its bytes. So the header, the organisation and the context are all
// authenticated, and a value does not open for another org or context.
#pragma once

#include <cstddef>
#include <cstdint>

#include "aes_gcm.h"
#include "bytes.h"

namespace tenant_guard::sealed {

constexpr uint8_t kFormatV1 = 0x01;
constexpr uint8_t kAlgorithmAes256Gcm = 0x01;
constexpr size_t kOrgIdSize = 16;
constexpr size_t kVersionOffset = 2;
constexpr size_t kNonceOffset = 6;
constexpr size_t kHeaderSize = kNonceOffset + AesGcmKey::kNonceSize;  // 18
constexpr size_t kOverhead = kHeaderSize + AesGcmKey::kTagSize;       // 34

enum class Status {
    Ok,
    Truncated,             // shorter than the header and tag
    UnknownFormat,         // byte 0 is not a format this release reads
    UnknownAlgorithm,      // byte 1 is not an algorithm this release reads
    AuthenticationFailed,  // tampered, or another org's key, or another context
};

constexpr size_t sealed_size(size_t plaintext_size) { return plaintext_size + kOverhead; }

// Checks format, algorithm and length, and reads the key version.
Status read_header(ByteView sealed, uint32_t* key_version);

// Writes sealed_size(plaintext.size) bytes to out. Throws CryptoError.
void seal(AesGcmKey& key, uint32_t key_version, const uint8_t* org_id, ByteView context,
          ByteView plaintext, const uint8_t* nonce, uint8_t* out);

// Writes sealed.size - kOverhead bytes to plaintext_out, but only bytes that authenticated.
// The caller has checked read_header and chosen the key for its version. Throws CryptoError.
Status open(AesGcmKey& key, const uint8_t* org_id, ByteView context, ByteView sealed,
            uint8_t* plaintext_out);

}  // namespace tenant_guard::sealed
