// tenant-guard keygen: the key line format of the key file.
#include <gtest/gtest.h>

#include <regex>

#include "keygen.h"
#include "master_keys.h"

using namespace tenant_guard::analyzer;

TEST(Keygen, LineIsIdThen64LowercaseHexThenActive) {
    auto line = new_key_line("k1", true);
    ASSERT_TRUE(line.has_value());
    EXPECT_TRUE(std::regex_match(*line, std::regex("k1 [0-9a-f]{64} active")));
    auto inactive = new_key_line("k2", false);
    ASSERT_TRUE(inactive.has_value());
    EXPECT_TRUE(std::regex_match(*inactive, std::regex("k2 [0-9a-f]{64}")));
}

TEST(Keygen, KeysDiffer) { EXPECT_NE(new_key_line("k", true), new_key_line("k", true)); }

TEST(Keygen, DefaultIdIsUtcTimestampToTheMinute) {
    EXPECT_EQ(default_key_id(1795928460), "k20261129T0501");  // 2026-11-29 05:01:00 UTC
}


// One rule for key ids: what keygen accepts, the server's key file parser reads; what the
// parser refuses, keygen refuses.
TEST(Keygen, IdRuleIsTheKeyFileRule) {
    using tenant_guard::is_valid_master_key_id;
    EXPECT_TRUE(is_valid_master_key_id("prod-2026"));
    EXPECT_TRUE(is_valid_master_key_id("k20261129T0501"));
    EXPECT_TRUE(is_valid_master_key_id(std::string(63, 'a')));
    EXPECT_FALSE(is_valid_master_key_id(std::string(64, 'a')));
    EXPECT_FALSE(is_valid_master_key_id(""));
    EXPECT_FALSE(is_valid_master_key_id("a b"));
    EXPECT_FALSE(is_valid_master_key_id("a#b"));
    EXPECT_FALSE(is_valid_master_key_id("prod/2024:kms"));
    EXPECT_TRUE(is_valid_master_key_id(default_key_id(1795928460)));
}

TEST(Keygen, GeneratedLineParsesAsAKeyFile) {
    auto line = new_key_line("prod-2026.a_1", true);
    ASSERT_TRUE(line.has_value());
    const auto keys = tenant_guard::MasterKeys::parse(*line + "\n", "generated");
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys.id(0), "prod-2026.a_1");
}

TEST(Keygen, KeyFileRefusesAnIdWithTheSameWords) {
    try {
        tenant_guard::MasterKeys::parse("prod/2024:kms " + std::string(64, 'a') + " active\n", "keys");
        FAIL() << "an id outside the rule was accepted";
    } catch (const tenant_guard::KeySourceError& e) {
        EXPECT_EQ(std::string(e.what()), std::string("keys: line 1: ") + tenant_guard::kMasterKeyIdRule);
    }
}
