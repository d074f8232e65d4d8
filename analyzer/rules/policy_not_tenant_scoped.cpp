// policy-not-tenant-scoped: a permissive policy whose governing expression does not
// reference the tenant column, with no restrictive policy that does, when its file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

template <>
const RuleDefinition& rule_definition<RuleId::PolicyNotTenantScoped>() {
    static const RuleDefinition definition{
        R"(Permissive policies are OR-ed: one policy whose expression does not confine rows to the
caller opens the table for that command to every role it applies to. The rule (version 2)
judges each command, each role subject to row level security and each side: the existing row
(USING) for SELECT, UPDATE and DELETE, the new row (WITH CHECK, or USING in its place) for
INSERT and UPDATE. An expression confines rows when it is a binding of the tenant column (or an
identity column, user_id by default) to a caller-dependent value: c = current_setting(...),
c = auth.uid(), c IN (a subquery on the caller), a correlated EXISTS with a condition on the
caller, or a trusted helper called with c (basejump.has_role_on_account(account_id)). An OR
confines when every branch does, an AND when one operand does. IS NOT NULL, LIKE, c = c,
a constant, OR true, and anything that depends on a temporary object never confine. A
restrictive policy that confines the command for at least the same roles covers it. Policies
only for roles that bypass row level security are the admin path and are not judged.

Example:
    CREATE POLICY projects_all ON projects USING (organization_id IS NOT NULL);

Fix:
    ALTER POLICY projects_all ON projects
        USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);

The finding is placed at the CREATE POLICY (or the last ALTER POLICY) of the policy when the
file that commits it made it, else at that file's first statement that changed the table.)",
        [](const Config& config) -> std::unique_ptr<Rule> {
            return std::make_unique<IsolationRule<isolation::v2::Rule::PolicyNotTenantScoped>>(config);
        },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
