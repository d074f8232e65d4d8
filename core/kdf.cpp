#include "kdf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "crypto_error.h"

namespace tenant_guard {

void hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, uint8_t* out, size_t out_size) {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    if (kdf == nullptr) throw_openssl_error("HKDF fetch");
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (ctx == nullptr) throw_openssl_error("HKDF context");
    char digest[] = "SHA256";
    // RFC 5869: an absent salt is HashLen zero bytes, which is also OpenSSL's default; an
    // empty octet-string parameter is refused, so empty salt and info are left out.
    OSSL_PARAM params[5];
    size_t count = 0;
    params[count++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
    params[count++] = OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_KEY, const_cast<uint8_t*>(ikm.data), ikm.size);
    if (salt.size > 0)
        params[count++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(salt.data), salt.size);
    if (info.size > 0)
        params[count++] = OSSL_PARAM_construct_octet_string(
            OSSL_KDF_PARAM_INFO, const_cast<uint8_t*>(info.data), info.size);
    params[count] = OSSL_PARAM_construct_end();
    const int ok = EVP_KDF_derive(ctx, out, out_size, params);
    EVP_KDF_CTX_free(ctx);
    if (ok != 1) throw_openssl_error("HKDF derive");
}

HmacSha256Key::HmacSha256Key(ByteView key) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) throw_openssl_error("HMAC fetch");
    ctx_ = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (ctx_ == nullptr) throw_openssl_error("HMAC context");
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(ctx_, key.data, key.size, params) != 1) {
        EVP_MAC_CTX_free(ctx_);
        throw_openssl_error("HMAC key setup");
    }
}

HmacSha256Key::~HmacSha256Key() { EVP_MAC_CTX_free(ctx_); }

void HmacSha256Key::mac(const ByteView* parts, size_t count, uint8_t* out) {
    // A null key re-initialises the context with the key it already holds.
    if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1) throw_openssl_error("HMAC init");
    for (size_t i = 0; i < count; ++i)
        if (EVP_MAC_update(ctx_, parts[i].data, parts[i].size) != 1)
            throw_openssl_error("HMAC update");
    size_t written = 0;
    if (EVP_MAC_final(ctx_, out, &written, kMacSize) != 1 || written != kMacSize)
        throw_openssl_error("HMAC final");
}

}  // namespace tenant_guard
