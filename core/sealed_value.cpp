#include "sealed_value.h"

#include <cstring>
#include <string_view>

namespace tenant_guard::sealed {

namespace {

constexpr std::string_view kAadLabel = "tenant_guard/v1";

// The AAD: every length prefix and fixed field, then the context, built on the stack. A
// context that fits is copied behind the prefix so that OpenSSL gets the AAD in one call;
// a longer one follows as a second part. No allocation either way.
class Aad {
public:
    Aad(const uint8_t* header, const uint8_t* org_id, ByteView context) {
        uint8_t* p = bytes_;
        p = field(p, reinterpret_cast<const uint8_t*>(kAadLabel.data()), kAadLabel.size());
        p = field(p, header, kNonceOffset);
        p = field(p, org_id, kOrgIdSize);
        store_u32_be(p, static_cast<uint32_t>(context.size));
        p += 4;
        if (context.size <= kInlineContext) {
            std::memcpy(p, context.data, context.size);
            parts_[0] = ByteView(bytes_, static_cast<size_t>(p - bytes_) + context.size);
            count_ = 1;
        } else {
            parts_[0] = ByteView(bytes_, static_cast<size_t>(p - bytes_));
            parts_[1] = context;
            count_ = 2;
        }
    }
    const ByteView* parts() const { return parts_; }
    size_t count() const { return count_; }

private:
    static constexpr size_t kPrefixSize = 4 + kAadLabel.size() + 4 + kNonceOffset + 4 + kOrgIdSize + 4;
    static constexpr size_t kInlineContext = 128;

    static uint8_t* field(uint8_t* out, const uint8_t* data, size_t size) {
        store_u32_be(out, static_cast<uint32_t>(size));
        std::memcpy(out + 4, data, size);
        return out + 4 + size;
    }

    uint8_t bytes_[kPrefixSize + kInlineContext];
    ByteView parts_[2];
    size_t count_;
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
    const Aad aad(out, org_id, context);
    key.encrypt(out + kNonceOffset, aad.parts(), aad.count(), plaintext, out + kHeaderSize,
                out + kHeaderSize + plaintext.size);
}

Status open(AesGcmKey& key, const uint8_t* org_id, ByteView context, ByteView sealed,
            uint8_t* plaintext_out) {
    uint32_t version = 0;
    if (Status status = read_header(sealed, &version); status != Status::Ok) return status;
    const size_t ciphertext_size = sealed.size - kOverhead;
    const Aad aad(sealed.data, org_id, context);
    const bool authentic =
        key.decrypt(sealed.data + kNonceOffset, aad.parts(), aad.count(),
                    ByteView(sealed.data + kHeaderSize, ciphertext_size),
                    sealed.data + kHeaderSize + ciphertext_size, plaintext_out);
    return authentic ? Status::Ok : Status::AuthenticationFailed;
}

}  // namespace tenant_guard::sealed
