// plaintext-secret-column: a column whose name says it holds a secret, typed as text.
#include <algorithm>
#include <regex>
#include <unordered_map>

#include "rule.h"

namespace tenant_guard::analyzer {

namespace {

bool is_textual(const std::string& type) {
    return type == "text" || type == "varchar" || type == "bpchar" || type == "json" ||
           type == "jsonb" || type == "citext";
}

// A pattern matched case-insensitively. libstdc++ folds both sides through the locale at
// every comparison of an icase regex, most of this rule's time on a large schema. A pattern
// without upper-case letters matches a name in any case exactly when it matches the name in
// lower case (ASCII, as the "C" locale folds), so such a pattern (every default one) is
// compiled case-sensitively and given the lower-cased name.
struct NamePattern {
    std::regex regex;
    bool on_lower_case;
};

std::vector<NamePattern> compile(const std::vector<std::string>& patterns) {
    std::vector<NamePattern> compiled;
    for (const std::string& pattern : patterns) {
        bool has_upper_case = std::any_of(pattern.begin(), pattern.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        auto flags = std::regex::ECMAScript | std::regex::optimize;
        compiled.push_back({std::regex(pattern, has_upper_case ? flags | std::regex::icase : flags), !has_upper_case});
    }
    return compiled;
}

std::string lower_case(const std::string& name) {
    std::string lower = name;
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

bool matches_any(const std::vector<NamePattern>& patterns, const std::string& name, const std::string& lower) {
    for (const NamePattern& pattern : patterns)
        if (std::regex_search(pattern.on_lower_case ? lower : name, pattern.regex)) return true;
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
            std::string lower = lower_case(name);
            bool secret_name = matches_any(secret_, name, lower) && !matches_any(exclusions_, name, lower);
            looks_secret.emplace(name, secret_name);
            return secret_name;
        };
        input.model.for_each_relation([&](const Relation& relation) {
            if (!relation.is_table() || relation.temporary) return;
            for (const Column& column : relation.columns) {
                if (!is_textual(column.type) || column.defined.statement == kNoStatement) continue;
                if (!is_secret_name(column.name)) continue;
                Finding finding;
                finding.location = column.defined.location;
                finding.statement = column.defined.statement;
                finding.table = relation.qualified_name();
                finding.message = "column " + finding.table + "." + column.name +
                                  " looks like a secret but is stored as plaintext " + column.type;
                finding.hint = "store it as bytea sealed per organisation: tenant_guard.seal(organization_id, value, '" +
                               relation.name + "." + column.name + "'), read with tenant_guard.unseal";
                findings.push_back(std::move(finding));
            }
        });
    }

private:
    std::vector<NamePattern> secret_;
    std::vector<NamePattern> exclusions_;
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

The column name is matched case-insensitively against secret_name_patterns (token, secret,
passw(or)?d, api_?key, credential, private_?key) minus secret_name_exclusions (hash, digest,
encrypted, reference, expir, _?ids?$, _?type$, _at$, ...: ids, hashes and metadata of a
secret are not the secret); both are configurable in .tenant-guard.toml. The rule looks at
the columns as the migrations leave them.

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
