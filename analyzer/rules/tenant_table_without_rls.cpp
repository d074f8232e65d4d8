// tenant-table-without-rls: a tenant table whose row level security is off, when its file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

template <>
const RuleDefinition& rule_definition<RuleId::TenantTableWithoutRls>() {
    static const RuleDefinition definition{
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
        [](const Config& config) -> std::unique_ptr<Rule> {
            return std::make_unique<IsolationRule<isolation::v2::Rule::TenantTableWithoutRls>>(config);
        },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
