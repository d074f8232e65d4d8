// Memory for secrets: zeroed before release, kept out of swap and core dumps where the
// system allows it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tenant_guard {

// Overwrites bytes in a way the compiler may not optimise away.
void secure_zero(void* data, size_t size);

// Compares in time that depends only on the size, never on where the bytes differ.
bool constant_time_equal(const uint8_t* a, const uint8_t* b, size_t size);

// A 256-bit key on the stack or inside another object, zeroed when it goes.
struct Key256 {
    static constexpr size_t kSize = 32;
    std::array<uint8_t, kSize> bytes{};

    Key256() = default;
    Key256(const Key256&) = delete;
    Key256& operator=(const Key256&) = delete;
    ~Key256() { secure_zero(bytes.data(), bytes.size()); }

    uint8_t* data() { return bytes.data(); }
    const uint8_t* data() const { return bytes.data(); }
};

// Page-aligned memory that is locked (mlock) and excluded from core dumps, zeroed and
// unmapped on destruction. Holds the master keys of a process. Locking is best effort (an
// unprivileged process may exceed RLIMIT_MEMLOCK): locked() tells whether it succeeded.
class LockedBuffer {
public:
    explicit LockedBuffer(size_t size);  // throws std::bad_alloc
    ~LockedBuffer();
    LockedBuffer(const LockedBuffer&) = delete;
    LockedBuffer& operator=(const LockedBuffer&) = delete;

    uint8_t* data() { return data_; }
    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    bool locked() const { return locked_; }

private:
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
    size_t mapped_ = 0;
    bool locked_ = false;
};

}  // namespace tenant_guard
