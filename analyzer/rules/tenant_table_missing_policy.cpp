// tenant-table-missing-policy: a command among SELECT, INSERT, UPDATE, DELETE that no
// permissive policy covers.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    isolation_findings(input, isolation::Rule::TenantTableMissingPolicy, findings);
}
}  // namespace

const RuleInfo kTenantTableMissingPolicyRule{
    "tenant-table-missing-policy",
    Level::Error,
    "a tenant table has no permissive policy for one of SELECT, INSERT, UPDATE, DELETE",
    R"(With row level security on, a command that no permissive policy covers is denied to
everyone but the table owner and superusers: the application breaks in a way tests against
a superuser connection do not see, and the usual quick fix (a USING (true) policy) opens the
table to every organisation. Every tenant table needs a permissive policy for each of SELECT,
INSERT, UPDATE and DELETE; FOR ALL covers the four. One finding per missing command.

Example:
    ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
    CREATE POLICY projects_read ON projects FOR SELECT
        USING (organization_id = current_setting('app.organization_id')::uuid);
    -- INSERT, UPDATE and DELETE have no policy

Fix:
    CREATE POLICY projects_isolation ON projects FOR ALL
        USING (organization_id = current_setting('app.organization_id')::uuid)
        WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);

The finding is placed where the guard would refuse the commit: at the statement that created
the table, or at the first statement of a later file that changed it.)",
    check,
};

}  // namespace tenant_guard::analyzer
