#include "org_key_wrap.h"

#include <utility>

#include "kdf.h"
#include "random.h"
#include "sealed_value.h"

namespace tenant_guard {

namespace {

constexpr std::string_view kKekSalt = "tenant_guard/v1";
constexpr std::string_view kKekInfo = "tenant_guard/kek/v1";
constexpr std::string_view kWrapLabel = "tenant_guard/org-key/v1";
constexpr std::string_view kCheckLabel = "tenant_guard/master-key-check/v1";

AesGcmKey derive_kek(const uint8_t* master_key) {
    Key256 kek;
    hkdf_sha256(ByteView(master_key, Key256::kSize), kKekSalt, kKekInfo, kek.data(),
                Key256::kSize);
    return AesGcmKey(kek.data());
}

// Length-prefixed fields, in a small owned buffer (wrapping is not a hot path).
std::string wrap_aad(const uint8_t* org_id, KeyPurpose purpose, uint32_t version,
                     std::string_view master_key_id) {
    std::string aad;
    auto field = [&aad](ByteView bytes) {
        uint8_t length[4];
        store_u32_be(length, static_cast<uint32_t>(bytes.size));
        aad.append(reinterpret_cast<const char*>(length), 4);
        aad.append(reinterpret_cast<const char*>(bytes.data), bytes.size);
    };
    const uint8_t purpose_byte = static_cast<uint8_t>(purpose);
    uint8_t version_bytes[4];
    store_u32_be(version_bytes, version);
    field(kWrapLabel);
    field(ByteView(org_id, sealed::kOrgIdSize));
    field(ByteView(&purpose_byte, 1));
    field(ByteView(version_bytes, 4));
    field(master_key_id);
    return aad;
}

}  // namespace

KeyWrapper::KeyWrapper(const uint8_t* master_key, std::string master_key_id)
    : master_key_id_(std::move(master_key_id)), kek_(derive_kek(master_key)) {}

void KeyWrapper::wrap(const uint8_t* org_id, KeyPurpose purpose, uint32_t version,
                      const Key256& key, uint8_t* out) {
    out[0] = kWrapFormatV1;
    uint8_t* nonce = out + 1;
    random_bytes(nonce, AesGcmKey::kNonceSize);
    const std::string aad = wrap_aad(org_id, purpose, version, master_key_id_);
    const ByteView aad_parts[] = {aad};
    kek_.encrypt(nonce, aad_parts, 1, ByteView(key.data(), Key256::kSize),
                 nonce + AesGcmKey::kNonceSize,
                 nonce + AesGcmKey::kNonceSize + Key256::kSize);
}

bool KeyWrapper::unwrap(const uint8_t* org_id, KeyPurpose purpose, uint32_t version,
                        ByteView wrapped, Key256& out) {
    if (wrapped.size != kWrappedSize || wrapped.data[0] != kWrapFormatV1) return false;
    const uint8_t* nonce = wrapped.data + 1;
    const std::string aad = wrap_aad(org_id, purpose, version, master_key_id_);
    const ByteView aad_parts[] = {aad};
    return kek_.decrypt(nonce, aad_parts, 1,
                        ByteView(nonce + AesGcmKey::kNonceSize, Key256::kSize),
                        nonce + AesGcmKey::kNonceSize + Key256::kSize, out.data());
}

void master_key_check_value(const uint8_t* master_key, uint8_t* out32) {
    HmacSha256Key hmac(ByteView(master_key, Key256::kSize));
    const ByteView label[] = {kCheckLabel};
    hmac.mac(label, 1, out32);
}

}  // namespace tenant_guard
