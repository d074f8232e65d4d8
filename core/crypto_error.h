// The one exception type of core/'s cryptography. Its message never holds key material or
// plaintext: it names the operation that failed and, for OpenSSL, the library's reason.
#pragma once

#include <stdexcept>
#include <string>

namespace tenant_guard {

class CryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws CryptoError for `operation`, with OpenSSL's queued reason if there is one (and
// clears the queue so that a later, unrelated failure is not blamed on it).
[[noreturn]] void throw_openssl_error(const char* operation);

}  // namespace tenant_guard
