// A suppression or approval comment, `-- tenant-guard: ignore <rule>[,<rule>] <reason>` on its
// own line, as read from the text above a statement (suppression.h applies them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rule_id.h"

namespace tenant_guard::analyzer {

struct Suppression {
    uint32_t offset = 0;  // file offset of the comment
    std::vector<RuleId> rules;
    std::string reason;
    std::string problem;  // why it is invalid; empty when it is valid
};

// The suppression comments in text[begin, end) that stand on their own lines.
std::vector<Suppression> parse_suppressions(std::string_view text, uint32_t begin, uint32_t end);

}  // namespace tenant_guard::analyzer
