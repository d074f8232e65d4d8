// HKDF-SHA256 against RFC 5869 appendix A (test cases 1 to 3) and HMAC-SHA256 against
// RFC 4231 test case 2.
#include "kdf.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tenant_guard {
namespace {

using test::from_hex;
using test::to_hex;

std::vector<uint8_t> range_bytes(int first, int last) {
    std::vector<uint8_t> bytes;
    for (int b = first; b <= last; ++b) bytes.push_back(static_cast<uint8_t>(b));
    return bytes;
}

std::string hkdf_hex(const std::vector<uint8_t>& ikm, const std::vector<uint8_t>& salt,
                     const std::vector<uint8_t>& info, size_t length) {
    std::vector<uint8_t> out(length);
    hkdf_sha256(ByteView(ikm.data(), ikm.size()), ByteView(salt.data(), salt.size()),
                ByteView(info.data(), info.size()), out.data(), out.size());
    return to_hex(out);
}

TEST(Hkdf, Rfc5869Case1Basic) {
    EXPECT_EQ(hkdf_hex(std::vector<uint8_t>(22, 0x0b), range_bytes(0x00, 0x0c),
                       range_bytes(0xf0, 0xf9), 42),
              "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(Hkdf, Rfc5869Case2LongInputs) {
    EXPECT_EQ(hkdf_hex(range_bytes(0x00, 0x4f), range_bytes(0x60, 0xaf), range_bytes(0xb0, 0xff), 82),
              "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
              "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
              "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(Hkdf, Rfc5869Case3EmptySaltAndInfo) {
    EXPECT_EQ(hkdf_hex(std::vector<uint8_t>(22, 0x0b), {}, {}, 42),
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HmacSha256, Rfc4231Case2AndRepeatable) {
    HmacSha256Key hmac(std::string_view("Jefe"));
    const ByteView parts[] = {std::string_view("what do ya want "), std::string_view("for nothing?")};
    uint8_t first[32], second[32];
    hmac.mac(parts, 2, first);
    hmac.mac(parts, 2, second);  // the key is reused, not consumed
    EXPECT_EQ(to_hex(first, 32), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(to_hex(second, 32), to_hex(first, 32));
}

}  // namespace
}  // namespace tenant_guard
