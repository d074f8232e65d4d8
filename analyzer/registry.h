// Every rule the checker has, in one list: name, default level, one-line description, the
// documentation that `tenant-guard explain` prints, and the check. A check is a pure
// function of the final schema model and the recorded statement facts; levels, suppression
// and output are the driver's and the reporters' business, never a rule's.
#pragma once

#include <string_view>
#include <vector>

#include "config.h"
#include "facts.h"
#include "finding.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

struct RuleInput {
    const SchemaModel& model;
    const Facts& facts;
    const Config& config;
};

using RuleCheck = void (*)(const RuleInput& input, std::vector<Finding>& findings);

struct RuleInfo {
    std::string_view name;
    Level level;
    std::string_view summary;      // one line
    std::string_view explanation;  // what it catches, why, an example, the fix
    RuleCheck check;
};

const std::vector<RuleInfo>& all_rules();
const RuleInfo* find_rule(std::string_view name);

// One declaration per file under rules/.
extern const RuleInfo kTenantTableWithoutRlsRule;
extern const RuleInfo kTenantTableMissingPolicyRule;
extern const RuleInfo kPolicyNotTenantScopedRule;
extern const RuleInfo kUnapprovedDestructiveChangeRule;
extern const RuleInfo kPlaintextSecretColumnRule;
extern const RuleInfo kUnverifiableDynamicSqlRule;
extern const RuleInfo kSyntaxErrorRule;
extern const RuleInfo kInvalidSuppressionRule;

}  // namespace tenant_guard::analyzer
