// The settings of a run: .tenant-guard.toml, then the command line on top of it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commit_boundaries.h"
#include "finding.h"
#include "rule_id.h"

namespace tenant_guard::analyzer {

struct Config {
    std::vector<std::string> tenant_columns{"organization_id"};
    std::vector<std::string> exempt_schemas;
    // Case-insensitive ECMAScript regular expressions matched against column names.
    std::vector<std::string> secret_name_patterns{
        "token", "secret", "passw(or)?d", "api_?key", "credential", "private_?key"};
    // Names that match a secret pattern but hold no secret (token_type, password_hash, ...).
    std::vector<std::string> secret_name_exclusions{
        "hash", "digest", "encrypted", "obfuscated", "sealed", "reference", "provision", "expir",
        "_?ids?$", "_?type$", "_at$", "_?count$", "_?hint$", "_?prefix$", "last_?4$", "_?length$"};
    // Columns that confine a row to its caller like the tenant column (a user id).
    std::vector<std::string> identity_columns{"user_id"};
    // Roles that bypass row level security without a CREATE ROLE in the migrations.
    std::vector<std::string> bypass_rls_roles;
    // The role that runs the migrations: what CURRENT_USER names in a policy's TO list.
    std::string migration_role;
    std::string preset;  // a platform_presets.h name, read as a baseline first; or empty
    // How the migration tool sends a file: where its transactions commit (commit_boundaries.h).
    TransactionMode transaction_mode = TransactionMode::Auto;
    std::map<RuleId, Level> rule_levels;  // overrides of the registry's levels
    std::string source;                        // the file it came from, empty if none
};

// Selects a platform preset (platform_presets.h) and its migration role. False for an unknown name.
bool apply_preset(Config& config, const std::string& name);

// Reads a config file; throws std::runtime_error with a message naming the file and the
// problem (unknown keys are errors, so that a typo does not silently disable a check).
Config load_config(const std::string& path);

// The nearest .tenant-guard.toml in the current folder or one of its parents.
std::optional<std::string> find_config_upward();

}  // namespace tenant_guard::analyzer
