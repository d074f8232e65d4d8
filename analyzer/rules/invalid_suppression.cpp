// invalid-suppression: a tenant-guard comment that does not suppress anything because it
// lacks a reason or names no known rule.
#include "registry.h"
#include "suppression.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    for (uint32_t index = 0; index < input.facts.statements.size(); ++index) {
        const StatementRecord& statement = input.facts.statements[index];
        for (const Suppression& suppression : suppressions_before(input.facts, index)) {
            if (suppression.problem.empty()) continue;
            Finding finding;
            finding.rule = "invalid-suppression";
            finding.location = {statement.file, suppression.offset};
            finding.statement = index;
            finding.message = suppression.problem;
            finding.hint = "write: -- tenant-guard: ignore <rule>[,<rule>] <reason>";
            findings.push_back(std::move(finding));
        }
    }
}
}  // namespace

const RuleInfo kInvalidSuppressionRule{
    "invalid-suppression",
    Level::Error,
    "a tenant-guard: ignore comment without a reason, or naming an unknown rule",
    R"(A suppression or approval comment must say which rules it silences and why:
    -- tenant-guard: ignore <rule>[,<rule>] <reason>
on the line (or lines) directly above the statement. A comment without a reason, or naming
a rule that does not exist, silences nothing and is reported itself, so that an approval is
never given by accident. This finding cannot be suppressed.

Example:
    -- tenant-guard: ignore unapproved-destructive-change
    DROP TABLE legacy_events;

Fix:
    -- tenant-guard: ignore unapproved-destructive-change legacy_events is archived in S3 since March
    DROP TABLE legacy_events;)",
    check,
};

}  // namespace tenant_guard::analyzer
