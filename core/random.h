// Randomness from OpenSSL's CSPRNG, and GCM nonces drawn from a per-process pool.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tenant_guard {

// Fills out with random bytes. Throws CryptoError when the generator fails.
void random_bytes(uint8_t* out, size_t size);

// A fresh 12-byte nonce. Drawn from a buffer refilled by RAND_bytes, since one RAND_bytes call
// costs more than sealing a short value. The buffer belongs to one process: a fork empties it
// in the child, so that two processes never hand out the same bytes. Throws CryptoError.
void fresh_nonce(uint8_t* out);

}  // namespace tenant_guard
