// parent-exposes-tenant-rows: an inheritance parent without the tenant column through which
// a role subject to row level security reads or changes its tenant descendants' rows.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

template <>
const RuleDefinition& rule_definition<RuleId::ParentExposesTenantRows>() {
    static const RuleDefinition definition{
        R"(A query on an inheritance parent returns its children's rows too, and PostgreSQL applies
the parent's policies to them, not the children's. A parent that has no tenant column is no
tenant table, but once a tenant table inherits from it, it is a way around that table's
isolation. Unless exempted, such a parent is isolated only when row level security is on and
SELECT, UPDATE and DELETE are denied to every role subject to it (INSERT into the parent
writes the parent's own rows). A partitioned table has its partitions' columns, so it is a
tenant table itself.

Example:
    CREATE TABLE items (id bigint, name text);
    CREATE TABLE tenant_items (organization_id uuid) INHERITS (items);
    -- SELECT * FROM items returns every organisation's tenant_items

Fix:
    ALTER TABLE items ENABLE ROW LEVEL SECURITY;  -- and no policy that grants reading it

Exempting the parent (tenant_guard.exempt) is the deliberate alternative; the exemption
names the descendants it exposes.)",
        [](const Config& config) -> std::unique_ptr<Rule> {
            return std::make_unique<IsolationRule<isolation::v2::Rule::ParentExposesTenantRows>>(config);
        },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
