// The three isolation rules share one evaluation: the final model's tenant tables are handed
// to core/ (the same decision the database guard makes) and its findings are placed at the
// statement that created the table, or at the policy that is not tenant-scoped.
#pragma once

#include <vector>

#include "isolation.h"
#include "registry.h"

namespace tenant_guard::analyzer {

void isolation_findings(const RuleInput& input, isolation::Rule rule, std::vector<Finding>& findings);

}  // namespace tenant_guard::analyzer
