// libFuzzer target: opening arbitrary bytes as a sealed value never crashes, never reads out
// of bounds, and never authenticates; sealing the same bytes always opens to them again.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "random.h"
#include "sealed_value.h"

using namespace tenant_guard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const uint8_t key_bytes[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                          17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    static const uint8_t org[16] = {0xaa, 0xbb};
    static AesGcmKey key(key_bytes);

    uint32_t version = 0;
    if (sealed::read_header(ByteView(data, size), &version) == sealed::Status::Ok) {
        std::vector<uint8_t> plaintext(size - sealed::kOverhead);
        if (sealed::open(key, org, std::string_view("ctx"), ByteView(data, size), plaintext.data()) ==
            sealed::Status::Ok)
            abort();  // a forgery under a key the fuzzer does not know
    }

    std::vector<uint8_t> value(sealed::sealed_size(size));
    uint8_t nonce[12];
    fresh_nonce(nonce);
    sealed::seal(key, 7, org, std::string_view("ctx"), ByteView(data, size), nonce, value.data());
    std::vector<uint8_t> opened(size);
    if (sealed::open(key, org, std::string_view("ctx"), ByteView(value.data(), value.size()), opened.data()) !=
            sealed::Status::Ok ||
        (size > 0 && std::memcmp(opened.data(), data, size) != 0))
        abort();
    return 0;
}
