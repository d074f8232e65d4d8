#include "system_openssl_config.h"

#include <openssl/crypto.h>

namespace tenant_guard::analyzer {

bool ignore_system_openssl_config() {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr) == 1;
}

}  // namespace tenant_guard::analyzer
