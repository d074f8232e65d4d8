#include "suppression.h"

namespace tenant_guard::analyzer {

const std::vector<Suppression>& suppressions_before(const Facts& facts, uint32_t statement) {
    static const std::vector<Suppression> none;
    auto found = facts.suppressions.find(statement);
    return found == facts.suppressions.end() ? none : found->second;
}

void apply_suppressions(const Facts& facts, std::vector<Finding>& findings,
                        std::vector<Finding>& suppressed) {
    // The findings that stay are moved up in place: a copy of them all would double the
    // largest thing the checker holds.
    size_t kept = 0;
    for (Finding& finding : findings) {
        const Suppression* match = nullptr;
        if (finding.statement != kNoStatement && finding.rule != RuleId::InvalidSuppression) {
            for (const Suppression& suppression : suppressions_before(facts, finding.statement)) {
                if (!suppression.problem.empty()) continue;
                for (RuleId rule : suppression.rules)
                    if (rule == finding.rule) match = &suppression;
            }
        }
        if (match) {
            finding.suppression_reason = match->reason;
            suppressed.push_back(std::move(finding));
        } else {
            if (&finding != &findings[kept]) findings[kept] = std::move(finding);
            ++kept;
        }
    }
    findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
}

}  // namespace tenant_guard::analyzer
