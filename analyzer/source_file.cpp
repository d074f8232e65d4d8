#include "source_file.h"

#include <algorithm>

namespace tenant_guard::analyzer {

namespace {
bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }
}  // namespace

SourceFile::SourceFile(std::string path, std::string text, bool is_baseline)
    : path_(std::move(path)), text_(std::move(text)), is_baseline_(is_baseline) {
    line_starts_.push_back(0);
    for (size_t newline = text_.find('\n'); newline != std::string::npos; newline = text_.find('\n', newline + 1))
        line_starts_.push_back(static_cast<uint32_t>(newline + 1));
}

LineColumn SourceFile::line_column(uint32_t byte_offset) const {
    byte_offset = std::min<uint32_t>(byte_offset, static_cast<uint32_t>(text_.size()));
    auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
    uint32_t line_index = static_cast<uint32_t>(next_line - line_starts_.begin()) - 1;
    uint32_t column = 1;
    uint32_t from = line_starts_[line_index];
    // Findings are reported in order: continue counting from the previous answer on the
    // same line, so that many findings on one huge line stay linear.
    if (cached_line_ == line_index && cached_offset_ <= byte_offset && cached_offset_ >= from) {
        from = cached_offset_;
        column = cached_column_;
    }
    for (uint32_t i = from; i < byte_offset; ++i) {
        if (!is_utf8_continuation(static_cast<unsigned char>(text_[i]))) ++column;
    }
    cached_line_ = line_index;
    cached_offset_ = byte_offset;
    cached_column_ = column;
    return {line_index + 1, column};
}

uint32_t SourceFile::line_start(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
    return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    size_t begin = line_starts_[line - 1];
    size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(begin, end - begin);
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
