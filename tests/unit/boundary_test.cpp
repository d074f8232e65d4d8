// GoogleTest for extension/boundary.h, the one result type between extension/'s C++ and its
// PostgreSQL glue: run_cpp lets every destructor of the body run and hands back plain data.
#include "../../extension/boundary.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using tenant_guard::Outcome;
using tenant_guard::run_cpp;

namespace {

struct CountsDestruction {
    int* destroyed;
    ~CountsDestruction() { ++*destroyed; }
};

}  // namespace

TEST(Boundary, AnOutcomeIsPlainData) {
    // An ereport may longjmp past it: nothing of it may need a destructor.
    static_assert(std::is_trivially_destructible_v<Outcome<int>>);
    static_assert(std::is_trivially_copyable_v<Outcome<char*>>);
}

TEST(Boundary, ValueOfABodyThatReturns) {
    const Outcome<int> outcome = run_cpp<int>("count", "XX000", [] { return 42; });
    ASSERT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.value, 42);
}

TEST(Boundary, AnExceptionBecomesTheErrorAfterEveryDestructorRan) {
    int destroyed = 0;
    const Outcome<int> outcome = run_cpp<int>("seal", "TG011", [&]() -> int {
        CountsDestruction first{&destroyed};
        std::string held(1000, 'x');  // owns memory that must be freed
        CountsDestruction second{&destroyed};
        throw std::runtime_error("EVP_EncryptInit_ex failed");
    });
    EXPECT_EQ(destroyed, 2);
    ASSERT_FALSE(outcome.ok);
    EXPECT_STREQ(outcome.error.sqlstate, "TG011");
    EXPECT_STREQ(outcome.error.message, "tenant_guard could not seal");
    EXPECT_STREQ(outcome.error.detail, "EVP_EncryptInit_ex failed");
    EXPECT_STREQ(outcome.error.hint, "");
}

TEST(Boundary, OutOfMemoryIsSqlstate53200) {
    const Outcome<char*> outcome = run_cpp<char*>("render the isolation report", "XX000",
                                                  []() -> char* { throw std::bad_alloc(); });
    ASSERT_FALSE(outcome.ok);
    EXPECT_STREQ(outcome.error.sqlstate, "53200");
    EXPECT_STREQ(outcome.error.message, "out of memory");
    EXPECT_STREQ(outcome.error.detail, "tenant_guard could not render the isolation report.");
}

TEST(Boundary, AnythingElseThrownIsCaughtToo) {
    const Outcome<bool> outcome = run_cpp<bool>("find the tenant column", "XX000", []() -> bool { throw 7; });
    ASSERT_FALSE(outcome.ok);
    EXPECT_STREQ(outcome.error.sqlstate, "XX000");
    EXPECT_STREQ(outcome.error.detail, "unexpected failure");
}

TEST(Boundary, LongTextIsCutNotOverrun) {
    const std::string long_reason(5000, 'r');
    const Outcome<int> outcome =
        run_cpp<int>("load master keys", "TG001", [&]() -> int { throw std::runtime_error(long_reason); });
    ASSERT_FALSE(outcome.ok);
    EXPECT_EQ(std::string(outcome.error.detail), long_reason.substr(0, sizeof outcome.error.detail - 1));
}
