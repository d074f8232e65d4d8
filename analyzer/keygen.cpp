#include "keygen.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>

namespace tenant_guard::analyzer {

std::string default_key_id(std::time_t now) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "k%Y%m%dT%H%M", &utc);
    return buffer;
}

std::optional<std::string> new_key_line(const std::string& id, bool active) {
    std::array<unsigned char, 32> key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) return std::nullopt;
    static const char* hex = "0123456789abcdef";
    std::string line = id + " ";
    for (unsigned char byte : key) {
        line.push_back(hex[byte >> 4]);
        line.push_back(hex[byte & 15]);
    }
    OPENSSL_cleanse(key.data(), key.size());  // the key lives on only in the printed line
    if (active) line += " active";
    return line;
}

}  // namespace tenant_guard::analyzer
