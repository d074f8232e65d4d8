// Wrapping org keys under a master key: round trip, and the binding of the AAD.
#include "org_key_wrap.h"

#include <gtest/gtest.h>

#include "random.h"
#include "test_support.h"

namespace tenant_guard {
namespace {

using test::from_hex;
using test::to_hex;

struct Fixture {
    std::vector<uint8_t> master = from_hex("8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");
    std::vector<uint8_t> org = from_hex("0c2f4c3c8a0d4cbe9a52a4e6c06f8f1d");
    Key256 org_key;
    Fixture() { random_bytes(org_key.data(), Key256::kSize); }
};

TEST(KeyWrapper, RoundTripsAndUsesAFreshNonceEachTime) {
    Fixture f;
    KeyWrapper wrapper(f.master.data(), "k1");
    uint8_t first[KeyWrapper::kWrappedSize], second[KeyWrapper::kWrappedSize];
    wrapper.wrap(f.org.data(), KeyPurpose::Seal, 1, f.org_key, first);
    wrapper.wrap(f.org.data(), KeyPurpose::Seal, 1, f.org_key, second);
    EXPECT_EQ(KeyWrapper::kWrappedSize, 61u);
    EXPECT_EQ(first[0], KeyWrapper::kWrapFormatV1);
    EXPECT_NE(to_hex(first, sizeof first), to_hex(second, sizeof second));
    Key256 out;
    ASSERT_TRUE(wrapper.unwrap(f.org.data(), KeyPurpose::Seal, 1, ByteView(first, sizeof first), out));
    EXPECT_EQ(to_hex(out.data(), 32), to_hex(f.org_key.data(), 32));
}

TEST(KeyWrapper, TheAadBindsOrgPurposeVersionAndMasterKeyId) {
    Fixture f;
    KeyWrapper wrapper(f.master.data(), "k1");
    uint8_t wrapped[KeyWrapper::kWrappedSize];
    wrapper.wrap(f.org.data(), KeyPurpose::Seal, 7, f.org_key, wrapped);
    const ByteView view(wrapped, sizeof wrapped);
    Key256 out;
    auto other_org = f.org;
    other_org[0] ^= 1;
    EXPECT_FALSE(wrapper.unwrap(other_org.data(), KeyPurpose::Seal, 7, view, out));
    EXPECT_FALSE(wrapper.unwrap(f.org.data(), KeyPurpose::BlindIndex, 7, view, out));
    EXPECT_FALSE(wrapper.unwrap(f.org.data(), KeyPurpose::Seal, 8, view, out));
    KeyWrapper same_key_other_id(f.master.data(), "k2");
    EXPECT_FALSE(same_key_other_id.unwrap(f.org.data(), KeyPurpose::Seal, 7, view, out));
    auto other_master = f.master;
    other_master[31] ^= 1;
    KeyWrapper other_key_same_id(other_master.data(), "k1");
    EXPECT_FALSE(other_key_same_id.unwrap(f.org.data(), KeyPurpose::Seal, 7, view, out));
    EXPECT_EQ(to_hex(out.data(), 32), std::string(64, '0'));  // nothing leaked into out
}

TEST(KeyWrapper, MalformedWrappedKeysAreRejected) {
    Fixture f;
    KeyWrapper wrapper(f.master.data(), "k1");
    uint8_t wrapped[KeyWrapper::kWrappedSize];
    wrapper.wrap(f.org.data(), KeyPurpose::Seal, 1, f.org_key, wrapped);
    Key256 out;
    for (size_t length = 0; length < sizeof wrapped; ++length)
        EXPECT_FALSE(wrapper.unwrap(f.org.data(), KeyPurpose::Seal, 1, ByteView(wrapped, length), out));
    wrapped[0] = 0x02;
    EXPECT_FALSE(wrapper.unwrap(f.org.data(), KeyPurpose::Seal, 1, ByteView(wrapped, sizeof wrapped), out));
}

TEST(MasterKeyCheckValue, IsStableAndDiffersPerKey) {
    Fixture f;
    uint8_t a[32], b[32], c[32];
    master_key_check_value(f.master.data(), a);
    master_key_check_value(f.master.data(), b);
    auto other = f.master;
    other[5] ^= 0x80;
    master_key_check_value(other.data(), c);
    EXPECT_EQ(to_hex(a, 32), to_hex(b, 32));
    EXPECT_NE(to_hex(a, 32), to_hex(c, 32));
}

}  // namespace
}  // namespace tenant_guard
