// Master keys: parsed from the key file or the key command's output, held in locked memory.
//
// Format: one key a line, `<id> <64 hex digits>` optionally followed by ` active`; `#` starts
// a comment; blank lines are ignored. Exactly one key is active. An id is 1 to 63 characters
// of [A-Za-z0-9_.-].
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "secure_memory.h"

namespace tenant_guard {

// What is wrong with a key source. The message names the source and line and never
// contains key material or the rest of the line.
class KeySourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The one rule for a master key id, used by the key file's parser and by `tenant-guard keygen`:
// 1 to 63 characters of [A-Za-z0-9_.-]. Shorter than a key, so that a misplaced key is never
// echoed in a message; no character that a key file, a log line or SQL would need to quote.
bool is_valid_master_key_id(std::string_view id);
// The rule in words, for the messages of both.
inline constexpr const char* kMasterKeyIdRule =
    "a key id is 1 to 63 characters of letters, digits, '_', '.' and '-'";

class MasterKeys {
public:
    // Throws KeySourceError; source_name (a path, "key command") is used in messages only.
    static MasterKeys parse(std::string_view text, std::string_view source_name);

    // Checks ownership and permissions the way PostgreSQL checks ssl_key_file (owned by this
    // user with no group or other access, or owned by root with at most group read), then
    // reads and parses. Throws KeySourceError.
    static MasterKeys load_file(const std::string& path);

    // Runs command with /bin/sh and parses its standard output. Throws KeySourceError.
    static MasterKeys load_command(const std::string& command);

    size_t size() const { return ids_.size(); }
    const std::string& id(size_t index) const { return ids_[index]; }
    const uint8_t* key(size_t index) const { return keys_->data() + index * Key256::kSize; }
    size_t active_index() const { return active_; }
    std::optional<size_t> find(std::string_view id) const;

private:
    MasterKeys() = default;
    std::vector<std::string> ids_;
    std::unique_ptr<LockedBuffer> keys_;
    size_t active_ = 0;
};

}  // namespace tenant_guard
