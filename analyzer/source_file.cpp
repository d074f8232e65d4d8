#include "source_file.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace tenant_guard::analyzer {

namespace {
bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }
// Whether text holds a byte of a multi-byte character. Eight bytes at a time: a history's
// whole text goes through here on the model's thread.
bool has_multibyte(std::string_view text) {
    uint64_t bytes = 0;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        bytes |= word;
    }
    for (; i < text.size(); ++i) bytes |= static_cast<unsigned char>(text[i]);
    return (bytes & 0x8080808080808080ull) != 0;
}
}  // namespace

SourceFile::SourceFile(std::string path, std::string text, bool is_baseline)
    : path_(std::move(path)), text_(std::move(text)), size_(static_cast<uint32_t>(text_.size())), is_baseline_(is_baseline) {
    line_starts_.push_back(0);
    for (size_t newline = text_.find('\n'); newline != std::string::npos; newline = text_.find('\n', newline + 1))
        line_starts_.push_back(static_cast<uint32_t>(newline + 1));
}

const std::string& SourceFile::text() const {
    if (text_released_) throw std::logic_error("the text of " + path_ + " was read after it was released");
    return text_;
}

void SourceFile::release_text() {
    if (text_released_) return;
    const bool multibyte = has_multibyte(text_);
    for (uint32_t line = 0; multibyte && line < line_starts_.size(); ++line) {
        std::string_view bytes = held_line(line);
        if (has_multibyte(bytes)) multibyte_lines_.emplace_back(line, std::string(bytes));
    }
    std::string().swap(text_);
    line_starts_.shrink_to_fit();
    text_released_ = true;
}

std::string_view SourceFile::held_line(uint32_t line_index) const {
    if (!text_released_) {
        uint32_t begin = line_starts_[line_index];
        uint32_t end = line_index + 1 < line_starts_.size() ? line_starts_[line_index + 1] : size_;
        return std::string_view(text_).substr(begin, end - begin);
    }
    auto found = std::lower_bound(multibyte_lines_.begin(), multibyte_lines_.end(), line_index,
                                  [](const auto& held, uint32_t wanted) { return held.first < wanted; });
    return found != multibyte_lines_.end() && found->first == line_index ? std::string_view(found->second)
                                                                          : std::string_view();
}

LineColumn SourceFile::line_column(uint32_t byte_offset) const {
    byte_offset = std::min<uint32_t>(byte_offset, size_);
    auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
    uint32_t line_index = static_cast<uint32_t>(next_line - line_starts_.begin()) - 1;
    const uint32_t line_begin = line_starts_[line_index];
    const std::string_view line = held_line(line_index);
    // A released line of single-byte characters: one column a byte.
    if (text_released_ && line.empty()) return {line_index + 1, byte_offset - line_begin + 1};
    uint32_t column = 1;
    uint32_t from = line_begin;
    // Findings are reported in order: continue counting from the previous answer on the
    // same line, so that many findings on one huge line stay linear.
    if (cached_line_ == line_index && cached_offset_ <= byte_offset && cached_offset_ >= from) {
        from = cached_offset_;
        column = cached_column_;
    }
    for (uint32_t i = from; i < byte_offset; ++i) {
        if (!is_utf8_continuation(static_cast<unsigned char>(line[i - line_begin]))) ++column;
    }
    cached_line_ = line_index;
    cached_offset_ = byte_offset;
    cached_column_ = column;
    return {line_index + 1, column};
}

uint32_t SourceFile::line_start(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return size_;
    return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::string& text = this->text();
    size_t begin = line_starts_[line - 1];
    size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text.size();
    if (end > begin && text[end - 1] == '\r') --end;
    return std::string_view(text).substr(begin, end - begin);
}

uint32_t byte_offset_of_character(std::string_view text, uint32_t character_index) {
    uint32_t characters = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (is_utf8_continuation(static_cast<unsigned char>(text[i]))) continue;
        if (characters == character_index) return static_cast<uint32_t>(i);
        ++characters;
    }
    return static_cast<uint32_t>(text.size());
}

}  // namespace tenant_guard::analyzer
