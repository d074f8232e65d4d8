// Just enough SQL lexing to work around the parser, never instead of it: skipping comments
// and quoted text, blanking psql meta-command lines, splitting a file that does not parse
// into statements so that the rest of it is still checked, and spotting psql :variables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tenant_guard::analyzer {

struct ByteRange {
    uint32_t begin = 0;
    uint32_t end = 0;  // exclusive
};

// If a comment, string, quoted identifier or dollar-quoted string starts at offset, the
// offset just past it (the end of text if it is unterminated); otherwise offset itself.
size_t skip_quoted_or_comment(std::string_view text, size_t offset);

// The first offset at or after offset that is neither whitespace nor inside a comment.
uint32_t skip_space_and_comments(std::string_view text, uint32_t offset);

// psql meta-command lines (a backslash first on a line, outside quotes and comments) are
// replaced by spaces byte for byte, so that every byte offset stays valid. Returns whether
// anything was blanked.
bool blank_psql_meta_commands(std::string& text);

// The offset of the first occurrence at or after from of word (given in lower case) as a
// whole word in any case: not inside a longer run of ASCII letters, digits and '_' (what a
// regular expression's \b delimits). Quotes and comments are searched too. npos if none.
size_t find_word(std::string_view text, std::string_view word, size_t from = 0);

// Whether a word of the text, in any case, is create, alter, drop, truncate, grant, revoke or
// policy, or the words row level security follow each other.
bool looks_like_ddl(std::string_view text);

// Whether a statement is COPY ... FROM STDIN, whose data lines follow it up to a "\." line.
bool is_copy_from_stdin(std::string_view statement);

// Statements separated by top-level semicolons (outside quotes, comments and parentheses).
// Each range starts right after the previous separator, like the parser's stmt_location.
std::vector<ByteRange> split_statements(std::string_view text);

// The offset of the first psql variable reference (:name, :'name', :"name") outside quotes
// and comments, if any.
std::optional<uint32_t> find_psql_variable(std::string_view text);

// The psql variable reference that starts at offset, as written: the ':' and the letters,
// digits, '_' and quotes that follow it.
std::string_view psql_variable_at(std::string_view text, uint32_t offset);

// Replaces, byte for byte, each psql variable that can only stand for a value by one the
// parser reads as a value: :'name' (psql quotes it as a literal) becomes the literal 'name',
// :name a parameter $1 (psql pastes it as written, and where the grammar takes a parameter it
// is an expression). False, leaving text as it may be half replaced, if there is none or one
// names an identifier (:"name").
bool replace_psql_variables_by_values(std::string& text);

}  // namespace tenant_guard::analyzer
