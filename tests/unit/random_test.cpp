// Nonces: never repeated within a process, and never shared between a parent and its child.
#include "random.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>

#include "secure_memory.h"

namespace tenant_guard {
namespace {

std::string next_nonce() {
    uint8_t nonce[12];
    fresh_nonce(nonce);
    return std::string(reinterpret_cast<char*>(nonce), sizeof nonce);
}

TEST(FreshNonce, NeverRepeatsAcrossManyPoolRefills) {
    std::set<std::string> seen;
    for (int i = 0; i < 100000; ++i) ASSERT_TRUE(seen.insert(next_nonce()).second) << i;
}

TEST(FreshNonce, AForkedChildDoesNotReuseTheParentsPool) {
    next_nonce();  // the pool is now filled and mostly unused
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::string nonces;
        for (int i = 0; i < 64; ++i) nonces += next_nonce();
        const ssize_t written = write(pipe_fds[1], nonces.data(), nonces.size());
        _exit(written == static_cast<ssize_t>(nonces.size()) ? 0 : 1);
    }
    close(pipe_fds[1]);
    std::set<std::string> parent_nonces;
    for (int i = 0; i < 64; ++i) parent_nonces.insert(next_nonce());
    std::string child_nonces(64 * 12, '\0');
    size_t got = 0;
    while (got < child_nonces.size()) {
        const ssize_t n = read(pipe_fds[0], &child_nonces[got], child_nonces.size() - got);
        ASSERT_GT(n, 0);
        got += static_cast<size_t>(n);
    }
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (size_t i = 0; i < 64; ++i)
        EXPECT_EQ(parent_nonces.count(child_nonces.substr(i * 12, 12)), 0u) << i;
}

TEST(SecureMemory, Key256IsZeroedWhenDestroyed) {
    alignas(Key256) unsigned char storage[sizeof(Key256)];
    auto* key = new (storage) Key256;
    random_bytes(key->data(), Key256::kSize);
    const uint8_t* bytes = key->data();
    key->~Key256();
    for (size_t i = 0; i < Key256::kSize; ++i) EXPECT_EQ(bytes[i], 0) << i;
}

TEST(SecureMemory, LockedBufferIsPageBackedAndWritable) {
    LockedBuffer buffer(100);
    EXPECT_EQ(buffer.size(), 100u);
    buffer.data()[99] = 7;
    EXPECT_EQ(buffer.data()[99], 7);
}

TEST(SecureMemory, ConstantTimeEqual) {
    const uint8_t a[] = {1, 2, 3}, b[] = {1, 2, 3}, c[] = {1, 2, 4};
    EXPECT_TRUE(constant_time_equal(a, b, 3));
    EXPECT_FALSE(constant_time_equal(a, c, 3));
}

}  // namespace
}  // namespace tenant_guard
