// tenant-table-without-rls: a tenant table whose row level security is off.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    isolation_findings(input, isolation::Rule::TenantTableWithoutRls, findings);
}
}  // namespace

const RuleInfo kTenantTableWithoutRlsRule{
    "tenant-table-without-rls",
    Level::Error,
    "a tenant table (one with the tenant column) does not have row level security enabled",
    R"(A tenant table is an ordinary or partitioned table, outside the exempt schemas and not
temporary, that has a tenant column (organization_id unless configured). Without row level
security every role that can read the table reads every organisation's rows. The database
guard rejects the same migration at commit.

Example:
    CREATE TABLE projects (id uuid PRIMARY KEY, organization_id uuid NOT NULL, name text);

Fix, in the same migration:
    ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
    CREATE POLICY projects_isolation ON projects
        USING (organization_id = current_setting('app.organization_id')::uuid);

The finding is placed where the guard would refuse the commit: at the statement that created
the table, or at the first statement of a later file that changed it.)",
    check,
};

}  // namespace tenant_guard::analyzer
