#include "aes_gcm.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <string>

#include "crypto_error.h"
#include "secure_memory.h"

namespace tenant_guard {

void throw_openssl_error(const char* operation) {
    std::string message = std::string(operation) + " failed";
    unsigned long code = ERR_get_error();
    if (code != 0) {
        char reason[256];
        ERR_error_string_n(code, reason, sizeof reason);
        message += ": ";
        message += reason;
    }
    ERR_clear_error();
    throw CryptoError(message);
}

namespace {

// OpenSSL's update calls take int lengths; feed larger inputs in slices.
constexpr size_t kMaxSlice = INT_MAX / 2;

EVP_CIPHER_CTX* new_keyed_context(const uint8_t* key, bool encrypt) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (ctx == nullptr) throw_openssl_error("EVP_CIPHER_CTX_new");
    if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, nullptr, encrypt ? 1 : 0) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        throw_openssl_error("AES-256-GCM key setup");
    }
    return ctx;
}

void feed_aad(EVP_CIPHER_CTX* ctx, const ByteView* parts, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        size_t offset = 0;
        while (offset < parts[i].size) {
            const size_t slice = std::min(parts[i].size - offset, kMaxSlice);
            int written = 0;
            if (EVP_CipherUpdate(ctx, nullptr, &written, parts[i].data + offset,
                                 static_cast<int>(slice)) != 1)
                throw_openssl_error("AES-256-GCM AAD");
            offset += slice;
        }
    }
}

void feed_data(EVP_CIPHER_CTX* ctx, ByteView in, uint8_t* out) {
    size_t offset = 0;
    while (offset < in.size) {
        const size_t slice = std::min(in.size - offset, kMaxSlice);
        int written = 0;
        if (EVP_CipherUpdate(ctx, out + offset, &written, in.data + offset,
                             static_cast<int>(slice)) != 1)
            throw_openssl_error("AES-256-GCM update");
        offset += static_cast<size_t>(written);  // GCM is a stream mode: written == slice
    }
}

}  // namespace

AesGcmKey::AesGcmKey(const uint8_t* key) {
    encrypt_ctx_ = new_keyed_context(key, true);
    try {
        decrypt_ctx_ = new_keyed_context(key, false);
    } catch (...) {
        EVP_CIPHER_CTX_free(encrypt_ctx_);
        throw;
    }
}

AesGcmKey::~AesGcmKey() {
    EVP_CIPHER_CTX_free(encrypt_ctx_);
    EVP_CIPHER_CTX_free(decrypt_ctx_);
}

void AesGcmKey::encrypt(const uint8_t* nonce, const ByteView* aad_parts, size_t aad_count,
                        ByteView plaintext, uint8_t* ciphertext_out, uint8_t* tag_out) {
    if (EVP_EncryptInit_ex(encrypt_ctx_, nullptr, nullptr, nullptr, nonce) != 1)
        throw_openssl_error("AES-256-GCM nonce setup");
    feed_aad(encrypt_ctx_, aad_parts, aad_count);
    feed_data(encrypt_ctx_, plaintext, ciphertext_out);
    int written = 0;
    if (EVP_EncryptFinal_ex(encrypt_ctx_, ciphertext_out + plaintext.size, &written) != 1)
        throw_openssl_error("AES-256-GCM final");
    if (EVP_CIPHER_CTX_ctrl(encrypt_ctx_, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                            tag_out) != 1)
        throw_openssl_error("AES-256-GCM tag");
}

bool AesGcmKey::decrypt(const uint8_t* nonce, const ByteView* aad_parts, size_t aad_count,
                        ByteView ciphertext, const uint8_t* tag, uint8_t* plaintext_out) {
    if (EVP_DecryptInit_ex(decrypt_ctx_, nullptr, nullptr, nullptr, nonce) != 1)
        throw_openssl_error("AES-256-GCM nonce setup");
    feed_aad(decrypt_ctx_, aad_parts, aad_count);
    feed_data(decrypt_ctx_, ciphertext, plaintext_out);
    if (EVP_CIPHER_CTX_ctrl(decrypt_ctx_, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                            const_cast<uint8_t*>(tag)) != 1)
        throw_openssl_error("AES-256-GCM tag");
    int written = 0;
    if (EVP_DecryptFinal_ex(decrypt_ctx_, plaintext_out + ciphertext.size, &written) != 1) {
        // Never hand out (or leave behind) bytes that did not authenticate.
        secure_zero(plaintext_out, ciphertext.size);
        ERR_clear_error();
        return false;
    }
    return true;
}

}  // namespace tenant_guard
