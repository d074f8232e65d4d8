// policy-not-tenant-scoped: a permissive policy whose governing expression does not
// reference the tenant column, with no restrictive policy that does, when its file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {

class Check : public Rule {
public:
    explicit Check(const Config& config) : config_(config) {}
    void commit(const CommitInput& input, std::vector<Finding>& findings) override {
        isolation_findings_at_commit(input, config_, isolation::Rule::PolicyNotTenantScoped, findings);
    }

private:
    const Config& config_;
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::PolicyNotTenantScoped>() {
    static const RuleDefinition definition{
        R"(Permissive policies are OR-ed: one policy whose expression does not restrict rows to
the caller's organisation opens the table for that command. A policy is tenant-scoped for a
command when every expression that governs it references the table's tenant column (as a
column of the policy's own table, at any depth, qualified or not): SELECT and DELETE are
governed by USING, INSERT by WITH CHECK, UPDATE by both; without WITH CHECK, USING stands in
for it. A restrictive policy that is tenant-scoped for the command makes it safe again.

Inside a subquery an unqualified name binds to the subquery's own tables first, as in
PostgreSQL: in USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = auth.uid() AND
organization_id = m.organization_id)) the bare organization_id is memberships' own column,
so the policy does not reference the policy table's tenant column.

Example:
    CREATE POLICY projects_all ON projects USING (true)
        WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);

Fix:
    ALTER POLICY projects_all ON projects
        USING (organization_id = current_setting('app.organization_id')::uuid);

The finding is placed at the CREATE POLICY (or the last ALTER POLICY) of the policy when the
file that commits it made it, else at that file's first statement that changed the table.)",
        [](const Config& config) -> std::unique_ptr<Rule> { return std::make_unique<Check>(config); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
