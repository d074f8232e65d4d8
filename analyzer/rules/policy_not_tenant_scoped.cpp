// policy-not-tenant-scoped: a permissive policy whose governing expression does not
// reference the tenant column, with no restrictive policy that does.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    isolation_findings(input, isolation::Rule::PolicyNotTenantScoped, findings);
}
}  // namespace

const RuleInfo kPolicyNotTenantScopedRule{
    "policy-not-tenant-scoped",
    Level::Error,
    "a permissive policy lets a command through without referencing the tenant column",
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
    check,
};

}  // namespace tenant_guard::analyzer
