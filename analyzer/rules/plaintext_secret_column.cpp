// plaintext-secret-column: a column whose name says it holds a secret, typed as text.
#include <algorithm>
#include <cctype>
#include <regex>
#include <unordered_map>

#include "rule.h"

namespace tenant_guard::analyzer {

namespace {

bool is_textual(const std::string& type) {
    return type == "text" || type == "varchar" || type == "bpchar" || type == "json" ||
           type == "jsonb" || type == "citext";
}

// The patterns search names that snake_case_words() has lower-cased, so a pattern without an
// upper-case letter matches them alike with or without icase; std::regex's icase looks up the
// locale's ctype for every character it compares, which made it most of this rule's time.
std::vector<std::regex> compile(const std::vector<std::string>& patterns) {
    std::vector<std::regex> compiled;
    for (const std::string& pattern : patterns) {
        const bool has_upper = std::any_of(pattern.begin(), pattern.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        compiled.emplace_back(pattern, (has_upper ? std::regex::icase : std::regex::flag_type{}) |
                                           std::regex::ECMAScript | std::regex::optimize);
    }
    return compiled;
}

// The name as lower-case words joined by '_': a word ends at '_' or another character that
// is not a letter or digit, and before a capital that follows a lower-case letter or digit
// (sessionToken) or that begins a word after an acronym (APIKey: api_key).
std::string snake_case_words(const std::string& name) {
    std::string words;
    auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto is_lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool word_char = std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
        if (!word_char) {
            if (!words.empty() && words.back() != '_') words.push_back('_');
            continue;
        }
        if (is_upper(c) && i > 0 && !words.empty() && words.back() != '_') {
            char previous = name[i - 1];
            bool acronym_ends = is_upper(previous) && i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (is_lower_or_digit(previous) || acronym_ends) words.push_back('_');
        }
        words.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    }
    while (!words.empty() && words.back() == '_') words.pop_back();
    return words;
}

bool matches_any(const std::vector<std::regex>& patterns, const std::string& name) {
    for (const std::regex& pattern : patterns)
        if (std::regex_search(name, pattern)) return true;
    return false;
}

// Judged on the columns as the migrations leave them.
class Check : public Rule {
public:
    explicit Check(const Config& config)
        : secret_(compile(config.secret_name_patterns)), exclusions_(compile(config.secret_name_exclusions)) {}

    void finish(const FinishInput& input, std::vector<Finding>& findings) override {
        // The same column names recur across tables (name, title, created_at): match each once.
        std::unordered_map<std::string, bool> looks_secret;
        auto is_secret_name = [&](const std::string& name) {
            auto known = looks_secret.find(name);
            if (known != looks_secret.end()) return known->second;
            std::string words = snake_case_words(name);
            bool secret_name = matches_any(secret_, words) && !matches_any(exclusions_, words);
            looks_secret.emplace(name, secret_name);
            return secret_name;
        };
        input.model.for_each_relation([&](const Relation& relation) {
            if (!relation.is_table() || relation.temporary) return;
            for (const Column& column : relation.columns) {
                if (!is_textual(column.type.str()) || column.defined.statement == kNoStatement) continue;
                if (!is_secret_name(column.name.str())) continue;
                Finding finding;
                finding.location = column.defined.location;
                finding.statement = column.defined.statement;
                finding.table = relation.qualified_name();
                finding.message = "column " + finding.table.str() + "." + column.name.str() +
                                  " looks like a secret but is stored as plaintext " + column.type.str();
                finding.hint = "store it as bytea sealed per organisation: tenant_guard.seal(organization_id, value, '" +
                               relation.name + "." + column.name.str() + "'), read with tenant_guard.unseal";
                findings.push_back(std::move(finding));
            }
        });
    }

private:
    std::vector<std::regex> secret_;
    std::vector<std::regex> exclusions_;
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::PlaintextSecretColumn>() {
    static const RuleDefinition definition{
        R"(OAuth tokens, webhook signing secrets and integration credentials stored as text are
readable by anyone who can read the table, its backups or a replica. Store them as bytea
sealed with tenant_guard.seal(org, value, context), which encrypts under a key that belongs
to that organisation alone; tenant_guard.unseal gives the value back for the same
organisation only.

The column name's last word decides: access_token, refresh_token, apiKey, webhookSecret,
password and credentials are secrets; tokenEndpointAuthMethod, clientCredentialsScopes,
password_hash, token_expires_at and api_key_id are not, and neither are names that say the
value is not plaintext (encrypted_*, sealed_*, hashed_*, obfuscated_*). A trailing value,
data, json, text, plain, plaintext, raw or string does not count (secret_value is a secret).

The name is read as lower-case words joined by '_' (sessionToken: session_token, APIKey:
api_key) and searched case-insensitively with the regular expressions secret_name_patterns,
minus those of secret_name_exclusions; both are configurable in .tenant-guard.toml (anchor a
pattern with $ to judge the last word). The rule looks at the columns as the migrations
leave them.

Example:
    CREATE TABLE integrations (id uuid, organization_id uuid, access_token text);

Fix:
    CREATE TABLE integrations (id uuid, organization_id uuid, access_token bytea);
    -- written as tenant_guard.seal(organization_id, $1, 'integrations.access_token'))",
        [](const Config& config) -> std::unique_ptr<Rule> { return std::make_unique<Check>(config); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
