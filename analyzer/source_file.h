// One migration file held in memory, and the translation of parser byte offsets into the
// line and column (in characters, counted from 1) that every reporter prints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tenant_guard::analyzer {

struct LineColumn {
    uint32_t line = 1;
    uint32_t column = 1;
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text, bool is_baseline = false);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    bool is_baseline() const { return is_baseline_; }

    // offset is a 0-based byte offset; offsets past the end are clamped.
    LineColumn line_column(uint32_t byte_offset) const;
    // The text of a 1-based line without its line terminator.
    std::string_view line_text(uint32_t line) const;
    uint32_t line_start(uint32_t line) const;
    uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

private:
    std::string path_;
    std::string text_;
    bool is_baseline_;
    std::vector<uint32_t> line_starts_;
    // The last line_column() answer (reporting is single-threaded).
    mutable uint32_t cached_line_ = UINT32_MAX;
    mutable uint32_t cached_offset_ = 0;
    mutable uint32_t cached_column_ = 1;
};

// The byte offset of the character_index-th character (0-based) of text, counting UTF-8
// sequences as one character, as PostgreSQL's cursor positions do.
uint32_t byte_offset_of_character(std::string_view text, uint32_t character_index);

}  // namespace tenant_guard::analyzer
