#include "registry.h"

namespace tenant_guard::analyzer {

const std::array<RuleInfo, kRuleCount>& all_rules() {
    static const std::array<RuleInfo, kRuleCount> rules{{
#define TENANT_GUARD_RULE_INFO(id, name, level, summary) \
    {RuleId::id, name, Level::level, summary, rule_definition<RuleId::id>()},
        TENANT_GUARD_RULES(TENANT_GUARD_RULE_INFO)
#undef TENANT_GUARD_RULE_INFO
    }};
    return rules;
}

const RuleInfo& rule_info(RuleId rule) { return all_rules()[index_of(rule)]; }

}  // namespace tenant_guard::analyzer
