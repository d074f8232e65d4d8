// Every rule the checker has, in the order of rule_table.h: its id, name, default level,
// one-line summary, and its definition (explanation, and how to make it for a run).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "rule.h"

namespace tenant_guard::analyzer {

struct RuleInfo {
    RuleId id;
    std::string_view name;
    Level level;
    std::string_view summary;  // one line
    const RuleDefinition& definition;
};

const std::array<RuleInfo, kRuleCount>& all_rules();
const RuleInfo& rule_info(RuleId rule);

}  // namespace tenant_guard::analyzer
