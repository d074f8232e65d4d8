// Master key sources: the format, every bad input, file permissions and the key command.
#include "master_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "test_support.h"

namespace tenant_guard {
namespace {

const std::string kKeyA = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const std::string kKeyB = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

std::string error_of(const std::string& text) {
    try {
        MasterKeys::parse(text, "keys");
    } catch (const KeySourceError& e) {
        return e.what();
    }
    return "";
}

TEST(MasterKeys, ParsesIdsKeysActiveMarkerCommentsAndBlankLines) {
    const auto keys = MasterKeys::parse("# ring\n\nold " + kKeyA + "  # retired\n\tnew " + kKeyB +
                                            " active\r\n",
                                        "keys");
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys.id(0), "old");
    EXPECT_EQ(keys.id(1), "new");
    EXPECT_EQ(keys.active_index(), 1u);
    EXPECT_EQ(test::to_hex(keys.key(0), 32), kKeyA);
    EXPECT_EQ(test::to_hex(keys.key(1), 32), kKeyB);
    EXPECT_EQ(keys.find("old"), 0u);
    EXPECT_FALSE(keys.find("missing").has_value());
}

TEST(MasterKeys, AcceptsUpperCaseHex) {
    std::string upper = kKeyA;
    for (char& c : upper) c = static_cast<char>(toupper(c));
    EXPECT_EQ(test::to_hex(MasterKeys::parse("k " + upper + " active", "keys").key(0), 32), kKeyA);
}

TEST(MasterKeys, EveryMalformedInputHasItsOwnMessageWithoutTheKey) {
    struct Case {
        std::string text;
        std::string message;
    };
    const Case cases[] = {
        {"", "keys: holds no key"},
        {"# only a comment\n", "keys: holds no key"},
        {"k1 " + kKeyA + "\n", "keys: no key is marked `active`; exactly one must be"},
        {"k1 " + kKeyA + " active\nk2 " + kKeyB + " active\n",
         "keys: line 2: a second active key (the first is on line 1); exactly one key is active"},
        {"k1 " + kKeyA + " active\nk1 " + kKeyB + "\n",
         "keys: line 2: key id k1 appears twice (first on line 1)"},
        {"k1 " + kKeyA.substr(0, 62) + " active\n", "keys: line 1: key k1 is not 64 hex digits (256 bits)"},
        {"k1 " + kKeyA + "00 active\n", "keys: line 1: key k1 is not 64 hex digits (256 bits)"},
        {"k1 " + kKeyA.substr(0, 63) + "g active\n",
         "keys: line 1: key k1 has a character that is not a hex digit"},
        {"k1 " + kKeyA + " primary\n", "keys: line 1: the third field may only be `active`"},
        {"k1 " + kKeyA + " active extra\n",
         "keys: line 1: too many fields; expected `<id> <64 hex digits> [active]`"},
        {"k1\n", "keys: line 1: expected `<id> <64 hex digits> [active]`"},
        {"k/1 " + kKeyA + " active\n",
         "keys: line 1: a key id is 1 to 63 characters of letters, digits, '_', '.' and '-'"},
        // A key pasted where the id belongs is too long to be an id, so it is never echoed.
        {kKeyA + " " + kKeyB + " active\n",
         "keys: line 1: a key id is 1 to 63 characters of letters, digits, '_', '.' and '-'"},
    };
    for (const Case& c : cases) {
        const std::string message = error_of(c.text);
        EXPECT_EQ(message, c.message) << c.text;
        EXPECT_EQ(message.find(kKeyA.substr(0, 16)), std::string::npos);
        EXPECT_EQ(message.find(kKeyB.substr(0, 16)), std::string::npos);
    }
}

class KeyFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        char dir_template[] = "/tmp/tenant_guard_keys_XXXXXX";
        ASSERT_NE(mkdtemp(dir_template), nullptr);
        dir_ = dir_template;
        path_ = dir_ + "/master.keys";
        std::ofstream(path_) << "k1 " << kKeyA << " active\n";
    }
    void TearDown() override {
        unlink(path_.c_str());
        rmdir(dir_.c_str());
    }
    std::string load_error() {
        try {
            MasterKeys::load_file(path_);
        } catch (const KeySourceError& e) {
            return e.what();
        }
        return "";
    }
    std::string dir_, path_;
};

TEST_F(KeyFileTest, LoadsAPrivateFile) {
    chmod(path_.c_str(), 0600);
    EXPECT_EQ(MasterKeys::load_file(path_).id(0), "k1");
    chmod(path_.c_str(), 0400);
    EXPECT_EQ(MasterKeys::load_file(path_).id(0), "k1");
}

TEST_F(KeyFileTest, RefusesGroupOrWorldAccess) {
    // The test owns the file, so PostgreSQL's ssl_key_file rule for the owner applies.
    for (mode_t mode : {0640, 0604, 0660, 0644}) {
        chmod(path_.c_str(), mode);
        EXPECT_EQ(load_error(), path_ + ": has group or world access; it must not (chmod 0600)") << mode;
    }
}

TEST_F(KeyFileTest, MissingFileAndFolder) {
    try {
        MasterKeys::load_file(dir_ + "/none");
        FAIL() << "a missing file must not give keys";
    } catch (const KeySourceError& e) {
        EXPECT_EQ(std::string(e.what()), dir_ + "/none: cannot open: No such file or directory");
    }
    try {
        MasterKeys::load_file(dir_);
        FAIL() << "a folder must not give keys";
    } catch (const KeySourceError& e) {
        EXPECT_EQ(std::string(e.what()), dir_ + ": is not a regular file");
    }
}

TEST(KeyCommand, ParsesStandardOutputAndReportsFailure) {
    const auto keys = MasterKeys::load_command("printf 'k9 " + kKeyB + " active\\n'");
    EXPECT_EQ(keys.id(0), "k9");
    try {
        MasterKeys::load_command("echo k1 " + kKeyA + " active; exit 3");
        FAIL() << "a failing command must not give keys";
    } catch (const KeySourceError& e) {
        EXPECT_STREQ(e.what(), "tenant_guard.key_command: exited with status 3");
    }
}

}  // namespace
}  // namespace tenant_guard
