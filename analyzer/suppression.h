// Suppression and approval comments: `-- tenant-guard: ignore <rule>[,<rule>] <reason>` on
// its own line in the comments directly above a statement. Applied once, by the driver.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facts.h"
#include "finding.h"

namespace tenant_guard::analyzer {

struct Suppression {
    uint32_t offset = 0;  // file offset of the comment
    std::vector<RuleId> rules;
    std::string reason;
    std::string problem;  // why it is invalid; empty when it is valid
};

// The suppression comments in text[begin, end) that stand on their own lines.
std::vector<Suppression> parse_suppressions(std::string_view text, uint32_t begin, uint32_t end);

// The suppression comments above a top-level statement.
std::vector<Suppression> suppressions_before(const Facts& facts, uint32_t statement);

// Moves every finding that a valid suppression names into suppressed, with its reason.
void apply_suppressions(const Facts& facts, std::vector<Finding>& findings,
                        std::vector<Finding>& suppressed);

}  // namespace tenant_guard::analyzer
