// tenant-table-missing-policy: a command among SELECT, INSERT, UPDATE, DELETE that no
// permissive policy covers, when the table's file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

template <>
const RuleDefinition& rule_definition<RuleId::TenantTableMissingPolicy>() {
    static const RuleDefinition definition{
        R"(With row level security on, a command that no permissive policy grants to a role subject
to row level security is denied: PostgreSQL adds an always-false condition. Nothing is exposed,
so this is a warning; but a forgotten policy breaks the application in a way that tests against
a superuser connection do not see, and the usual quick fix (a USING (true) policy) opens the
table to every organisation. One finding per denied command. Policies for roles that bypass
row level security (superusers, BYPASSRLS roles such as Supabase's service_role) grant nothing
here: those roles never needed one.

Example:
    ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
    CREATE POLICY projects_read ON projects FOR SELECT
        USING (organization_id = (SELECT current_setting('app.organization_id', true))::uuid);
    -- INSERT, UPDATE and DELETE are denied

Fix, if the commands are meant to be allowed: a policy for them whose expressions confine rows
to the caller (see policy-not-tenant-scoped). Raise it to an error with [rules]
tenant-table-missing-policy = "error" (the guard: tenant_guard.missing_policy = error).

The finding is placed where the guard would warn at commit: at the statement that created
the table, or at the first statement of a later file that changed it.)",
        [](const Config& config) -> std::unique_ptr<Rule> {
            return std::make_unique<IsolationRule<isolation::v2::Rule::TenantTableMissingPolicy>>(config);
        },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
