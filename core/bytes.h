// Byte spans and the big-endian integers of the sealed-value and wrap formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tenant_guard {

// A read-only view of bytes that it does not own (C++17 has no std::span).
struct ByteView {
    const uint8_t* data = nullptr;
    size_t size = 0;

    ByteView() = default;
    ByteView(const uint8_t* bytes, size_t length) : data(bytes), size(length) {}
    ByteView(const void* bytes, size_t length)
        : data(static_cast<const uint8_t*>(bytes)), size(length) {}
    ByteView(std::string_view text)  // NOLINT: implicit on purpose, text is bytes here
        : data(reinterpret_cast<const uint8_t*>(text.data())), size(text.size()) {}
    ByteView(const std::string& text)  // NOLINT: as above
        : ByteView(std::string_view(text)) {}
};

inline void store_u32_be(uint8_t* out, uint32_t value) {
    out[0] = static_cast<uint8_t>(value >> 24);
    out[1] = static_cast<uint8_t>(value >> 16);
    out[2] = static_cast<uint8_t>(value >> 8);
    out[3] = static_cast<uint8_t>(value);
}

inline uint32_t load_u32_be(const uint8_t* in) {
    return (uint32_t{in[0]} << 24) | (uint32_t{in[1]} << 16) | (uint32_t{in[2]} << 8) |
           uint32_t{in[3]};
}

}  // namespace tenant_guard
