// tenant-guard keygen: the key line format of the key file.
#include <gtest/gtest.h>

#include <regex>

#include "keygen.h"

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

TEST(Keygen, IdsWithSpacesOrHashAreRejected) {
    EXPECT_TRUE(is_valid_key_id("prod-2026"));
    EXPECT_FALSE(is_valid_key_id(""));
    EXPECT_FALSE(is_valid_key_id("a b"));
    EXPECT_FALSE(is_valid_key_id("a#b"));
}
