#include "random.h"

#include <openssl/rand.h>
#include <pthread.h>

#include <climits>
#include <cstring>
#include <mutex>

#include "aes_gcm.h"
#include "crypto_error.h"
#include "secure_memory.h"

namespace tenant_guard {

void random_bytes(uint8_t* out, size_t size) {
    while (size > 0) {
        const size_t slice = size < static_cast<size_t>(INT_MAX) ? size : INT_MAX;
        if (RAND_bytes(out, static_cast<int>(slice)) != 1) throw_openssl_error("RAND_bytes");
        out += slice;
        size -= slice;
    }
}

namespace {

constexpr size_t kPoolNonces = 256;
constexpr size_t kPoolSize = kPoolNonces * AesGcmKey::kNonceSize;

// PostgreSQL backends are single-threaded processes; the CLI draws nonces from one thread.
// What matters is the process boundary: a pool filled in the postmaster must not survive into
// its backends, or every backend would hand out the same nonces. PostgreSQL starts backends
// with fork(), which runs the handler that empties the pool in the child.
uint8_t pool[kPoolSize];
size_t pool_used = kPoolSize;
std::once_flag fork_handler_registered;

void forget_pool_in_child() {
    secure_zero(pool, sizeof pool);
    pool_used = kPoolSize;
}

}  // namespace

void fresh_nonce(uint8_t* out) {
    if (pool_used == kPoolSize) {
        std::call_once(fork_handler_registered,
                       [] { pthread_atfork(nullptr, nullptr, forget_pool_in_child); });
        random_bytes(pool, kPoolSize);
        pool_used = 0;
    }
    std::memcpy(out, pool + pool_used, AesGcmKey::kNonceSize);
    pool_used += AesGcmKey::kNonceSize;
}

}  // namespace tenant_guard
