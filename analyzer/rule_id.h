// Rules are named by a RuleId everywhere inside the checker; their names are text only at the
// edges: printed by reporters, read from suppression comments, the config file and
// `tenant-guard explain`, through rule_name() and find_rule().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "rule_table.h"

namespace tenant_guard::analyzer {

enum class RuleId : uint8_t {
#define TENANT_GUARD_RULE_ID(id, name, level, summary) id,
    TENANT_GUARD_RULES(TENANT_GUARD_RULE_ID)
#undef TENANT_GUARD_RULE_ID
};

inline constexpr size_t kRuleCount = 0
#define TENANT_GUARD_COUNT_RULE(id, name, level, summary) +1
    TENANT_GUARD_RULES(TENANT_GUARD_COUNT_RULE)
#undef TENANT_GUARD_COUNT_RULE
    ;

inline constexpr size_t index_of(RuleId rule) { return static_cast<size_t>(rule); }

std::string_view rule_name(RuleId rule);
std::optional<RuleId> find_rule(std::string_view name);

}  // namespace tenant_guard::analyzer
