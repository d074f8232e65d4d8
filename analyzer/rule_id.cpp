#include "rule_id.h"

#include <array>

namespace tenant_guard::analyzer {

namespace {

constexpr std::array<std::string_view, kRuleCount> kRuleNames{
#define TENANT_GUARD_RULE_NAME(id, name, level, summary) name,
    TENANT_GUARD_RULES(TENANT_GUARD_RULE_NAME)
#undef TENANT_GUARD_RULE_NAME
};

}  // namespace

std::string_view rule_name(RuleId rule) { return kRuleNames[index_of(rule)]; }

std::optional<RuleId> find_rule(std::string_view name) {
    for (size_t index = 0; index < kRuleCount; ++index)
        if (kRuleNames[index] == name) return static_cast<RuleId>(index);
    return std::nullopt;
}

}  // namespace tenant_guard::analyzer
