// tenant-table-without-rls: a tenant table whose row level security is off, when its file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {

class Check : public Rule {
public:
    explicit Check(const Config& config) : config_(config) {}
    void commit(const CommitInput& input, std::vector<Finding>& findings) override {
        isolation_findings_at_commit(input, config_, isolation::v2::Rule::TenantTableWithoutRls, history_, findings);
    }

private:
    const Config& config_;
    IsolationHistory history_;
};

}  // namespace

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
        [](const Config& config) -> std::unique_ptr<Rule> { return std::make_unique<Check>(config); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
