// Suppression and approval comments: `-- tenant-guard: ignore <rule>[,<rule>] <reason>` on
// its own line in the comments directly above a statement. Applied once, by the driver.
#pragma once

#include <cstdint>
#include <vector>

#include "facts.h"
#include "finding.h"
#include "suppression_comment.h"

namespace tenant_guard::analyzer {

// The suppression comments above a top-level statement.
const std::vector<Suppression>& suppressions_before(const Facts& facts, uint32_t statement);

// Moves every finding that a valid suppression names into suppressed, with its reason.
void apply_suppressions(const Facts& facts, std::vector<Finding>& findings,
                        std::vector<Finding>& suppressed);

}  // namespace tenant_guard::analyzer
