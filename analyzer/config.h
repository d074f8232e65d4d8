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
    // Case-insensitive ECMAScript regular expressions searched in column names written as
    // lower-case words joined by '_' (clientSecret and client_secret both read client_secret).
    // A name is a secret's when its last word says so (access_token, apiKey; not
    // tokenEndpointAuthMethod, password_hash), a word like value or json may follow.
    std::vector<std::string> secret_name_patterns{
        "(tokens?|secrets?|passw(or)?ds?|passphrases?|credentials?|(api|private|secret|signing|encryption)_?keys?)"
        "(_(value|data|json|text|plain|plaintext|raw|string))?$"};
    // Names that match a secret pattern but hold no plaintext secret (encrypted_api_key, ...).
    std::vector<std::string> secret_name_exclusions{"(^|_)(encrypted|sealed|hashed|obfuscated)_"};
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
