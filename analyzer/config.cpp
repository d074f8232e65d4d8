#include "config.h"

#include <filesystem>
#include <regex>
#include <stdexcept>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "platform_presets.h"
#include "rule_id.h"

namespace tenant_guard::analyzer {

namespace {

std::vector<std::string> string_array(const toml::node& node, const std::string& key,
                                      const std::string& path) {
    const toml::array* array = node.as_array();
    if (!array) throw std::runtime_error(path + ": '" + key + "' must be an array of strings");
    std::vector<std::string> values;
    for (const toml::node& element : *array) {
        auto value = element.value<std::string>();
        if (!value) throw std::runtime_error(path + ": '" + key + "' must be an array of strings");
        values.push_back(*value);
    }
    return values;
}

void check_patterns(const std::vector<std::string>& patterns, const std::string& key,
                    const std::string& path) {
    for (const std::string& pattern : patterns) {
        try {
            std::regex compiled(pattern, std::regex::icase);
        } catch (const std::regex_error&) {
            throw std::runtime_error(path + ": '" + key + "' has an invalid regular expression: " + pattern);
        }
    }
}

}  // namespace

bool apply_preset(Config& config, const std::string& name) {
    const std::optional<PlatformPreset> preset = find_preset(name);
    if (!preset) return false;
    config.preset = name;
    if (config.migration_role.empty()) config.migration_role = preset->migration_role;
    return true;
}

Config load_config(const std::string& path) {
    Config config;
    config.source = path;
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        throw std::runtime_error("cannot read config file " + path);
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& error) {
        const auto& where = error.source().begin;
        throw std::runtime_error(path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                                 ": " + std::string(error.description()));
    }
    for (const auto& [key_node, value] : table) {
        std::string key(key_node.str());
        if (key == "tenant_columns") {
            config.tenant_columns = string_array(value, key, path);
            if (config.tenant_columns.empty())
                throw std::runtime_error(path + ": 'tenant_columns' must name at least one column");
        } else if (key == "identity_columns") {
            config.identity_columns = string_array(value, key, path);
        } else if (key == "bypass_rls_roles") {
            config.bypass_rls_roles = string_array(value, key, path);
        } else if (key == "migration_role") {
            auto role = value.value<std::string>();
            if (!role || role->empty()) throw std::runtime_error(path + ": 'migration_role' must be a role name");
            config.migration_role = *role;
        } else if (key == "transaction_mode") {
            auto name = value.value<std::string>();
            auto mode = name ? parse_transaction_mode(*name) : std::nullopt;
            if (!mode)
                throw std::runtime_error(path + ": 'transaction_mode' must be \"auto\", \"transaction\", "
                                                "\"simple-query\" or \"statements\"");
            config.transaction_mode = *mode;
        } else if (key == "preset") {
            auto preset = value.value<std::string>();
            if (!preset || !apply_preset(config, *preset))
                throw std::runtime_error(path + ": 'preset' must be \"supabase\"");
        } else if (key == "exempt_schemas") {
            config.exempt_schemas = string_array(value, key, path);
        } else if (key == "secret_name_patterns") {
            config.secret_name_patterns = string_array(value, key, path);
            check_patterns(config.secret_name_patterns, key, path);
        } else if (key == "secret_name_exclusions") {
            config.secret_name_exclusions = string_array(value, key, path);
            check_patterns(config.secret_name_exclusions, key, path);
        } else if (key == "rules") {
            const toml::table* rules = value.as_table();
            if (!rules) throw std::runtime_error(path + ": [rules] must be a table of rule = \"level\"");
            for (const auto& [rule_node, level_node] : *rules) {
                std::string rule(rule_node.str());
                std::optional<RuleId> id = find_rule(rule);
                if (!id) throw std::runtime_error(path + ": [rules] names unknown rule '" + rule + "'");
                auto level_text = level_node.value<std::string>();
                auto level = level_text ? parse_level(*level_text) : std::nullopt;
                if (!level)
                    throw std::runtime_error(path + ": [rules] " + rule + " must be \"error\", \"warning\" or \"off\"");
                config.rule_levels[*id] = *level;
            }
        } else {
            throw std::runtime_error(path + ": unknown key '" + key + "'");
        }
    }
    return config;
}

std::optional<std::string> find_config_upward() {
    std::error_code error;
    std::filesystem::path folder = std::filesystem::current_path(error);
    if (error) return std::nullopt;
    while (true) {
        std::filesystem::path candidate = folder / ".tenant-guard.toml";
        if (std::filesystem::is_regular_file(candidate, error)) return candidate.string();
        if (!folder.has_parent_path() || folder.parent_path() == folder) return std::nullopt;
        folder = folder.parent_path();
    }
}

}  // namespace tenant_guard::analyzer
