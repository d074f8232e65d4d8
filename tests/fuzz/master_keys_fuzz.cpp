// libFuzzer target: any text given as a key file either parses into a valid key ring or is
// refused with KeySourceError, whose message never repeats a 64-hex-digit run of the input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "master_keys.h"

using namespace tenant_guard;

namespace {

bool has_hex_run(std::string_view text, size_t length) {
    size_t run = 0;
    for (char c : text) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        run = hex ? run + 1 : 0;
        if (run >= length) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const MasterKeys keys = MasterKeys::parse(text, "fuzz");
        if (keys.size() == 0 || keys.active_index() >= keys.size()) abort();
        for (size_t i = 0; i < keys.size(); ++i)
            if (keys.id(i).empty() || keys.id(i).size() > 63 || keys.find(keys.id(i)) != i) abort();
    } catch (const KeySourceError& e) {
        if (has_hex_run(e.what(), 64)) abort();  // a key (or what may be one) in a message
    }
    return 0;
}
