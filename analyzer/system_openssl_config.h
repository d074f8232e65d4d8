// The static binary carries its own libcrypto, built for the Debian suite it was built in. A
// machine's openssl.cnf belongs to that machine's OpenSSL and may name provider modules (FIPS,
// legacy) that only that OpenSSL can load, which a static executable would dlopen against
// another C library. So the static build never reads it: keygen's random bytes come from the
// built-in default provider wherever the binary runs.
#pragma once

namespace tenant_guard::analyzer {

// Before any other OpenSSL call: OpenSSL loads no configuration file from then on. False when
// OpenSSL failed to initialise.
bool ignore_system_openssl_config();

}  // namespace tenant_guard::analyzer
