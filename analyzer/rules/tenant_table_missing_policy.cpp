// tenant-table-missing-policy: a command among SELECT, INSERT, UPDATE, DELETE that no
// permissive policy covers, when the table's file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

namespace {

class Check : public Rule {
public:
    explicit Check(const Config& config) : config_(config) {}
    void commit(const CommitInput& input, std::vector<Finding>& findings) override {
        isolation_findings_at_commit(input, config_, isolation::Rule::TenantTableMissingPolicy, findings);
    }

private:
    const Config& config_;
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::TenantTableMissingPolicy>() {
    static const RuleDefinition definition{
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
        [](const Config& config) -> std::unique_ptr<Rule> { return std::make_unique<Check>(config); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
