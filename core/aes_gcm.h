// AES-256-GCM with cipher contexts that are keyed once and reused: each call only sets a new
// nonce, which is what makes sealing a short value cheap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "bytes.h"

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace tenant_guard {

class AesGcmKey {
public:
    static constexpr size_t kKeySize = 32;
    static constexpr size_t kNonceSize = 12;
    static constexpr size_t kTagSize = 16;

    // Throws CryptoError. The key is copied into OpenSSL's contexts, which cleanse it on free.
    explicit AesGcmKey(const uint8_t* key);
    ~AesGcmKey();
    AesGcmKey(const AesGcmKey&) = delete;
    AesGcmKey& operator=(const AesGcmKey&) = delete;

    // The additional authenticated data is the concatenation of aad_parts. ciphertext_out has
    // room for plaintext.size bytes (it may be the plaintext's own buffer). Throws CryptoError.
    void encrypt(const uint8_t* nonce, const ByteView* aad_parts, size_t aad_count,
                 ByteView plaintext, uint8_t* ciphertext_out, uint8_t* tag_out);

    // Returns false when the tag does not authenticate nonce, AAD and ciphertext; whatever was
    // written to plaintext_out is then zeroed. Throws CryptoError on a library failure.
    bool decrypt(const uint8_t* nonce, const ByteView* aad_parts, size_t aad_count,
                 ByteView ciphertext, const uint8_t* tag, uint8_t* plaintext_out);

private:
    EVP_CIPHER_CTX* encrypt_ctx_ = nullptr;
    EVP_CIPHER_CTX* decrypt_ctx_ = nullptr;
};

}  // namespace tenant_guard
