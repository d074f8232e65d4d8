#include "registry.h"

namespace tenant_guard::analyzer {

const std::vector<RuleInfo>& all_rules() {
    static const std::vector<RuleInfo> rules{
        kTenantTableWithoutRlsRule,       kTenantTableMissingPolicyRule, kPolicyNotTenantScopedRule,
        kUnapprovedDestructiveChangeRule, kPlaintextSecretColumnRule,   kUnverifiableDynamicSqlRule,
        kSyntaxErrorRule,                 kInvalidSuppressionRule,
    };
    return rules;
}

const RuleInfo* find_rule(std::string_view name) {
    for (const RuleInfo& rule : all_rules())
        if (rule.name == name) return &rule;
    return nullptr;
}

}  // namespace tenant_guard::analyzer
