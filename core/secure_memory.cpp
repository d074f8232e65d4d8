#include "secure_memory.h"

#include <openssl/crypto.h>
#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace tenant_guard {

void secure_zero(void* data, size_t size) { OPENSSL_cleanse(data, size); }

bool constant_time_equal(const uint8_t* a, const uint8_t* b, size_t size) {
    return CRYPTO_memcmp(a, b, size) == 0;
}

LockedBuffer::LockedBuffer(size_t size) : size_(size) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    mapped_ = (size + page - 1) / page * page;
    if (mapped_ == 0) mapped_ = page;
    void* memory = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                        -1, 0);
    if (memory == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(memory);
    locked_ = mlock(data_, mapped_) == 0;
#ifdef MADV_DONTDUMP
    madvise(data_, mapped_, MADV_DONTDUMP);
#endif
}

LockedBuffer::~LockedBuffer() {
    secure_zero(data_, mapped_);
    if (locked_) munlock(data_, mapped_);
    munmap(data_, mapped_);
}

}  // namespace tenant_guard
