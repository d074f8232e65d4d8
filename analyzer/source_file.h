// One migration file held in memory, and the translation of parser byte offsets into the
// line and column (in characters, counted from 1) that every reporter prints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
    // The whole text, until release_text() (std::logic_error after).
    const std::string& text() const;
    uint32_t size() const { return size_; }
    bool is_baseline() const { return is_baseline_; }

    // Drops the text, once the file is parsed and modelled and nothing is to print its lines:
    // a long history's texts are as large as the history. What line_column() needs stays:
    // the line starts, and the lines whose columns are not their byte offsets (those with
    // multi-byte characters), which are few.
    void release_text();
    bool holds_text() const { return !text_released_; }

    // offset is a 0-based byte offset; offsets past the end are clamped.
    LineColumn line_column(uint32_t byte_offset) const;
    // The text of a 1-based line without its line terminator (std::logic_error once released).
    std::string_view line_text(uint32_t line) const;
    uint32_t line_start(uint32_t line) const;
    uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

private:
    // The bytes of line line_index (0-based) up to the next line's start, where they are
    // held: in the text, or after release_text() in multibyte_lines_; empty for a line of
    // single-byte characters once the text is released.
    std::string_view held_line(uint32_t line_index) const;

    std::string path_;
    std::string text_;
    uint32_t size_;
    bool is_baseline_;
    bool text_released_ = false;
    std::vector<uint32_t> line_starts_;
    // After release_text(): the lines with multi-byte characters, by 0-based line index.
    std::vector<std::pair<uint32_t, std::string>> multibyte_lines_;
    // The last line_column() answer (reporting is single-threaded).
    mutable uint32_t cached_line_ = UINT32_MAX;
    mutable uint32_t cached_offset_ = 0;
    mutable uint32_t cached_column_ = 1;
};

// The byte offset of the character_index-th character (0-based) of text, counting UTF-8
// sequences as one character, as PostgreSQL's cursor positions do.
uint32_t byte_offset_of_character(std::string_view text, uint32_t character_index);

}  // namespace tenant_guard::analyzer
