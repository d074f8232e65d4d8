// AES-256-GCM against the test cases 13 to 16 of McGrew and Viega's GCM specification (the
// AES-256 vectors NIST's GCM validation reuses).
#include "aes_gcm.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace tenant_guard {
namespace {

using test::from_hex;
using test::to_hex;

struct GcmVector {
    const char* name;
    const char* key;
    const char* nonce;
    const char* plaintext;
    const char* aad;
    const char* ciphertext;
    const char* tag;
};

const GcmVector kVectors[] = {
    {"case13_empty", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"case14_one_block", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "00000000000000000000000000000000", "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"case15_four_blocks", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"case16_with_aad", "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

void PrintTo(const GcmVector& vector, std::ostream* os) { *os << vector.name; }

class AesGcmVectorTest : public ::testing::TestWithParam<GcmVector> {};

TEST_P(AesGcmVectorTest, EncryptsToTheKnownCiphertextAndTag) {
    const GcmVector& v = GetParam();
    const auto key = from_hex(v.key), nonce = from_hex(v.nonce);
    const auto plaintext = from_hex(v.plaintext), aad = from_hex(v.aad);
    AesGcmKey gcm(key.data());
    std::vector<uint8_t> ciphertext(plaintext.size()), tag(AesGcmKey::kTagSize);
    const ByteView aad_parts[] = {ByteView(aad.data(), aad.size())};
    gcm.encrypt(nonce.data(), aad_parts, 1, ByteView(plaintext.data(), plaintext.size()),
                ciphertext.data(), tag.data());
    EXPECT_EQ(to_hex(ciphertext), v.ciphertext);
    EXPECT_EQ(to_hex(tag), v.tag);
}

TEST_P(AesGcmVectorTest, DecryptsTheKnownCiphertext) {
    const GcmVector& v = GetParam();
    const auto key = from_hex(v.key), nonce = from_hex(v.nonce), aad = from_hex(v.aad);
    const auto ciphertext = from_hex(v.ciphertext), tag = from_hex(v.tag);
    AesGcmKey gcm(key.data());
    std::vector<uint8_t> plaintext(ciphertext.size());
    const ByteView aad_parts[] = {ByteView(aad.data(), aad.size())};
    ASSERT_TRUE(gcm.decrypt(nonce.data(), aad_parts, 1,
                            ByteView(ciphertext.data(), ciphertext.size()), tag.data(),
                            plaintext.data()));
    EXPECT_EQ(to_hex(plaintext), v.plaintext);
}

INSTANTIATE_TEST_SUITE_P(McGrewViega, AesGcmVectorTest, ::testing::ValuesIn(kVectors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AesGcm, AadSplitIntoPartsEqualsAadInOnePiece) {
    const GcmVector& v = kVectors[3];
    const auto key = from_hex(v.key), nonce = from_hex(v.nonce);
    const auto plaintext = from_hex(v.plaintext), aad = from_hex(v.aad);
    AesGcmKey gcm(key.data());
    std::vector<uint8_t> ciphertext(plaintext.size()), tag(AesGcmKey::kTagSize);
    const ByteView parts[] = {ByteView(aad.data(), 7), ByteView(aad.data() + 7, 0),
                              ByteView(aad.data() + 7, aad.size() - 7)};
    gcm.encrypt(nonce.data(), parts, 3, ByteView(plaintext.data(), plaintext.size()),
                ciphertext.data(), tag.data());
    EXPECT_EQ(to_hex(tag), v.tag);
}

TEST(AesGcm, RejectsEveryFlippedBitAndZeroesTheOutput) {
    const GcmVector& v = kVectors[3];
    const auto key = from_hex(v.key), nonce = from_hex(v.nonce), aad = from_hex(v.aad);
    const auto good_ciphertext = from_hex(v.ciphertext), good_tag = from_hex(v.tag);
    AesGcmKey gcm(key.data());
    const ByteView aad_parts[] = {ByteView(aad.data(), aad.size())};
    for (size_t bit = 0; bit < 8 * (good_ciphertext.size() + good_tag.size()); bit += 7) {
        auto ciphertext = good_ciphertext;
        auto tag = good_tag;
        uint8_t& byte = bit / 8 < ciphertext.size() ? ciphertext[bit / 8]
                                                    : tag[bit / 8 - ciphertext.size()];
        byte ^= static_cast<uint8_t>(1u << (bit % 8));
        std::vector<uint8_t> plaintext(ciphertext.size(), 0xAA);
        EXPECT_FALSE(gcm.decrypt(nonce.data(), aad_parts, 1,
                                 ByteView(ciphertext.data(), ciphertext.size()), tag.data(),
                                 plaintext.data()))
            << "bit " << bit;
        EXPECT_EQ(plaintext, std::vector<uint8_t>(ciphertext.size(), 0)) << "bit " << bit;
    }
    // The context is still usable after failures.
    std::vector<uint8_t> plaintext(good_ciphertext.size());
    EXPECT_TRUE(gcm.decrypt(nonce.data(), aad_parts, 1,
                            ByteView(good_ciphertext.data(), good_ciphertext.size()),
                            good_tag.data(), plaintext.data()));
}

TEST(AesGcm, RejectsOtherAad) {
    const GcmVector& v = kVectors[3];
    const auto key = from_hex(v.key), nonce = from_hex(v.nonce);
    const auto ciphertext = from_hex(v.ciphertext), tag = from_hex(v.tag);
    AesGcmKey gcm(key.data());
    const ByteView no_aad[] = {ByteView()};
    std::vector<uint8_t> plaintext(ciphertext.size());
    EXPECT_FALSE(gcm.decrypt(nonce.data(), no_aad, 1, ByteView(ciphertext.data(), ciphertext.size()),
                             tag.data(), plaintext.data()));
}

}  // namespace
}  // namespace tenant_guard
