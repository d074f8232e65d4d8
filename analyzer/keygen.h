// `tenant-guard keygen`: a new master key line for the key file,
// `<id> <64 lowercase hex digits>[ active]`.
#pragma once

#include <ctime>
#include <optional>
#include <string>

namespace tenant_guard::analyzer {

// The default key id for a moment: k + UTC timestamp to the minute, e.g. k20261129T0501.
std::string default_key_id(std::time_t now);

// 256 bits from OpenSSL's RAND_bytes; nullopt if the generator fails. id must pass
// tenant_guard::is_valid_master_key_id (core/master_keys.h), the rule the server reads by.
std::optional<std::string> new_key_line(const std::string& id, bool active);

}  // namespace tenant_guard::analyzer
