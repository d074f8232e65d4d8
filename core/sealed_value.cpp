#include "sealed_value.h"

#include <string_view>

namespace tenant_guard::sealed {

namespace {

constexpr std::string_view kAadLabel = "tenant_guard/v1";

// The AAD without the context's bytes: every length prefix and fixed field, built on the
// stack. The context follows as a second part, so no allocation is needed.
struct AadPrefix {
    static constexpr size_t kSize =
        4 + kAadLabel.size() + 4 + kNonceOffset + 4 + kOrgIdSize + 4;
    uint8_t bytes[kSize];

    AadPrefix(const uint8_t* header, const uint8_t* org_id, size_t context_size) {
        uint8_t* p = bytes;
        store_u32_be(p, kAadLabel.size());
        p += 4;
        for (char c : kAadLabel) *p++ = static_cast<uint8_t>(c);
        store_u32_be(p, kNonceOffset);
        p += 4;
        for (size_t i = 0; i < kNonceOffset; ++i) *p++ = header[i];
        store_u32_be(p, kOrgIdSize);
        p += 4;
        for (size_t i = 0; i < kOrgIdSize; ++i) *p++ = org_id[i];
        store_u32_be(p, static_cast<uint32_t>(context_size));
    }
};

}  // namespace

Status read_header(ByteView sealed, uint32_t* key_version) {
    if (sealed.size < kOverhead) return Status::Truncated;
    if (sealed.data[0] != kFormatV1) return Status::UnknownFormat;
    if (sealed.data[1] != kAlgorithmAes256Gcm) return Status::UnknownAlgorithm;
    *key_version = load_u32_be(sealed.data + kVersionOffset);
    return Status::Ok;
}

void seal(AesGcmKey& key, uint32_t key_version, const uint8_t* org_id, ByteView context,
          ByteView plaintext, const uint8_t* nonce, uint8_t* out) {
    out[0] = kFormatV1;
    out[1] = kAlgorithmAes256Gcm;
    store_u32_be(out + kVersionOffset, key_version);
    for (size_t i = 0; i < AesGcmKey::kNonceSize; ++i) out[kNonceOffset + i] = nonce[i];
    const AadPrefix prefix(out, org_id, context.size);
    const ByteView aad[] = {ByteView(prefix.bytes, AadPrefix::kSize), context};
    key.encrypt(out + kNonceOffset, aad, 2, plaintext, out + kHeaderSize,
                out + kHeaderSize + plaintext.size);
}

Status open(AesGcmKey& key, const uint8_t* org_id, ByteView context, ByteView sealed,
            uint8_t* plaintext_out) {
    uint32_t version = 0;
    if (Status status = read_header(sealed, &version); status != Status::Ok) return status;
    const size_t ciphertext_size = sealed.size - kOverhead;
    const AadPrefix prefix(sealed.data, org_id, context.size);
    const ByteView aad[] = {ByteView(prefix.bytes, AadPrefix::kSize), context};
    const bool authentic =
        key.decrypt(sealed.data + kNonceOffset, aad, 2,
                    ByteView(sealed.data + kHeaderSize, ciphertext_size),
                    sealed.data + kHeaderSize + ciphertext_size, plaintext_out);
    return authentic ? Status::Ok : Status::AuthenticationFailed;
}

}  // namespace tenant_guard::sealed
