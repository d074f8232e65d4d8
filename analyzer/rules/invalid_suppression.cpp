// invalid-suppression: a tenant-guard comment that does not suppress anything because it
// lacks a reason or names no known rule.
#include "rule.h"
#include "suppression.h"

namespace tenant_guard::analyzer {

namespace {

class Check : public Rule {
public:
    void finish(const FinishInput& input, std::vector<Finding>& findings) override {
        for (const auto& [index, suppressions] : input.facts.suppressions) {
            const StatementRecord& statement = input.facts.statements[index];
            for (const Suppression& suppression : suppressions) {
                if (suppression.problem.empty()) continue;
                Finding finding;
                finding.location = {statement.file, suppression.offset};
                finding.statement = index;
                finding.message = suppression.problem;
                finding.hint = "write: -- tenant-guard: ignore <rule>[,<rule>] <reason>";
                findings.push_back(std::move(finding));
            }
        }
    }
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::InvalidSuppression>() {
    static const RuleDefinition definition{
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
        [](const Config&) -> std::unique_ptr<Rule> { return std::make_unique<Check>(); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
