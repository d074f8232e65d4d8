// The sealed value format: a known-answer vector derived independently (Python's
// cryptography package, see docs/format.md), round trips, and every malformed input.
#include "sealed_value.h"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;

#include "random.h"
#include "test_support.h"

namespace tenant_guard {
namespace {

using test::from_hex;
using test::to_hex;

const std::vector<uint8_t> kKey = from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const std::vector<uint8_t> kOrg = from_hex("123e4567e89b12d3a456426614174000");
const std::vector<uint8_t> kNonce = from_hex("000102030405060708090a0b");
const std::string kContext = "integrations.refresh_token";
const std::string kPlaintext = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
const std::string kSealedHex =
    "010100000001000102030405060708090a0b206ab944f4d3812ce875a5cd83d04a0eb5efb606b54c684d0804ddb6"
    "255a348540759fcb978326f9af2d5293f8672572950509a363b3224f";

std::vector<uint8_t> seal_text(AesGcmKey& key, uint32_t version, const std::vector<uint8_t>& org,
                               const std::string& context, const std::string& plaintext,
                               const std::vector<uint8_t>& nonce) {
    std::vector<uint8_t> out(sealed::sealed_size(plaintext.size()));
    sealed::seal(key, version, org.data(), context, plaintext, nonce.data(), out.data());
    return out;
}

sealed::Status open_text(AesGcmKey& key, const std::vector<uint8_t>& org, const std::string& context,
                         const std::vector<uint8_t>& value, std::string* plaintext = nullptr) {
    std::vector<uint8_t> out(value.size() >= sealed::kOverhead ? value.size() - sealed::kOverhead : 0);
    const sealed::Status status =
        sealed::open(key, org.data(), context, ByteView(value.data(), value.size()), out.data());
    if (plaintext) plaintext->assign(out.begin(), out.end());
    return status;
}

TEST(SealedValue, KnownAnswerVector) {
    AesGcmKey key(kKey.data());
    EXPECT_EQ(to_hex(seal_text(key, 1, kOrg, kContext, kPlaintext, kNonce)), kSealedHex);
    std::string plaintext;
    EXPECT_EQ(open_text(key, kOrg, kContext, from_hex(kSealedHex), &plaintext), sealed::Status::Ok);
    EXPECT_EQ(plaintext, kPlaintext);
}

TEST(SealedValue, KnownAnswerVectorForEmptyPlaintextAndContext) {
    AesGcmKey key(kKey.data());
    EXPECT_EQ(to_hex(seal_text(key, 1, kOrg, "", "", kNonce)),
              "010100000001000102030405060708090a0bd79cbc0f428b4f406583f3bca170bb0b");
}

TEST(SealedValue, KnownAnswerVectorForAContextLongerThanTheInlineBuffer) {
    // Contexts over 128 bytes reach OpenSSL as a second AAD part: the same AAD all the same.
    AesGcmKey key(kKey.data());
    const std::string context = std::string(129, 'c') + ".long";
    EXPECT_EQ(to_hex(seal_text(key, 1, kOrg, context, "secret", kNonce)),
              "010100000001000102030405060708090a0b3467b569a0914062ab9cb4e4f5ea61d8dd0eb4f1bb66");
    std::string plaintext;
    EXPECT_EQ(open_text(key, kOrg, context, seal_text(key, 1, kOrg, context, "secret", kNonce), &plaintext),
              sealed::Status::Ok);
    EXPECT_EQ(plaintext, "secret");
}

TEST(SealedValue, HeaderFieldsAreWhereTheFormatSaysAndOverheadIs34) {
    AesGcmKey key(kKey.data());
    const auto value = seal_text(key, 0x01020304, kOrg, kContext, "x", kNonce);
    ASSERT_EQ(value.size(), 1 + 34u);
    EXPECT_EQ(value[0], 0x01);
    EXPECT_EQ(value[1], 0x01);
    EXPECT_EQ(to_hex(value.data() + 2, 4), "01020304");
    EXPECT_EQ(to_hex(value.data() + 6, 12), to_hex(kNonce));
    uint32_t version = 0;
    EXPECT_EQ(sealed::read_header(ByteView(value.data(), value.size()), &version), sealed::Status::Ok);
    EXPECT_EQ(version, 0x01020304u);
}

TEST(SealedValue, RoundTripsEverySizeUpToFourBlocksAndALargeValue) {
    AesGcmKey key(kKey.data());
    for (size_t size : {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 65536}) {
        std::string plaintext(size, '\0');
        for (size_t i = 0; i < size; ++i) plaintext[i] = static_cast<char>(i * 7);
        uint8_t nonce[12];
        fresh_nonce(nonce);
        const auto value = seal_text(key, 3, kOrg, kContext, plaintext, std::vector<uint8_t>(nonce, nonce + 12));
        std::string opened;
        EXPECT_EQ(open_text(key, kOrg, kContext, value, &opened), sealed::Status::Ok) << size;
        EXPECT_EQ(opened, plaintext) << size;
    }
}

TEST(SealedValue, EveryLengthShorterThanTheOverheadIsTruncated) {
    const auto value = from_hex(kSealedHex);
    for (size_t length = 0; length < sealed::kOverhead; ++length) {
        uint32_t version = 0;
        EXPECT_EQ(sealed::read_header(ByteView(value.data(), length), &version),
                  sealed::Status::Truncated) << length;
    }
}

TEST(SealedValue, EveryCutOfTheCiphertextFailsToAuthenticate) {
    AesGcmKey key(kKey.data());
    const auto value = from_hex(kSealedHex);
    for (size_t length = sealed::kOverhead; length < value.size(); ++length) {
        const std::vector<uint8_t> cut(value.begin(), value.begin() + length);
        EXPECT_EQ(open_text(key, kOrg, kContext, cut), sealed::Status::AuthenticationFailed) << length;
    }
}

TEST(SealedValue, UnknownFormatAndAlgorithmAreTheirOwnErrors) {
    auto value = from_hex(kSealedHex);
    uint32_t version = 0;
    value[0] = 0x02;
    EXPECT_EQ(sealed::read_header(ByteView(value.data(), value.size()), &version), sealed::Status::UnknownFormat);
    value[0] = 0x01;
    value[1] = 0x02;
    EXPECT_EQ(sealed::read_header(ByteView(value.data(), value.size()), &version), sealed::Status::UnknownAlgorithm);
}

TEST(SealedValue, EveryAlteredByteFailsToAuthenticate) {
    AesGcmKey key(kKey.data());
    const auto good = from_hex(kSealedHex);
    // Byte 0 and 1 are checked before decryption; from the version on, GCM must catch it.
    for (size_t i = sealed::kVersionOffset; i < good.size(); ++i) {
        auto value = good;
        value[i] ^= 0x01;
        EXPECT_EQ(open_text(key, kOrg, kContext, value), sealed::Status::AuthenticationFailed) << i;
    }
}

TEST(SealedValue, AnotherOrgOrContextOrKeyDoesNotOpen) {
    AesGcmKey key(kKey.data());
    const auto value = from_hex(kSealedHex);
    auto other_org = kOrg;
    other_org[15] ^= 1;
    EXPECT_EQ(open_text(key, other_org, kContext, value), sealed::Status::AuthenticationFailed);
    EXPECT_EQ(open_text(key, kOrg, "integrations.access_token", value), sealed::Status::AuthenticationFailed);
    EXPECT_EQ(open_text(key, kOrg, "", value), sealed::Status::AuthenticationFailed);
    auto other_key_bytes = kKey;
    other_key_bytes[0] ^= 1;
    AesGcmKey other_key(other_key_bytes.data());
    EXPECT_EQ(open_text(other_key, kOrg, kContext, value), sealed::Status::AuthenticationFailed);
}

TEST(SealedValue, ContextIsLengthPrefixedSoBoundariesCannotShift) {
    // Without length prefixes, ("ab", "c") and ("a", "bc") style splits could collide; the
    // context is the last field, so check that a context cannot absorb bytes of another.
    AesGcmKey key(kKey.data());
    const auto value = seal_text(key, 1, kOrg, "a", "secret", kNonce);
    EXPECT_EQ(open_text(key, kOrg, "a\0"s, value), sealed::Status::AuthenticationFailed);
}

}  // namespace
}  // namespace tenant_guard
