// view-bypasses-rls: a view that reads a tenant table with its owner's rights, or a
// materialized view that holds one's rows, when its file commits.
#include "isolation_findings.h"

namespace tenant_guard::analyzer {

template <>
const RuleDefinition& rule_definition<RuleId::ViewBypassesRls>() {
    static const RuleDefinition definition{
        R"(A view runs its query with the rights of its owner, not of the caller: row level security
on the tables it reads applies to the owner (usually the migration role, which owns them or
bypasses RLS), so every organisation's rows come through. PostgreSQL 15 added
security_invoker to make a view use the caller's rights; CREATE OR REPLACE VIEW without the
option resets it. A materialized view stores its rows, and row level security never applies
to it. The view may read the tenant table directly, in a subquery or CTE, or through other
views.

Example:
    CREATE VIEW invoice_totals AS
        SELECT organization_id, sum(total) FROM invoices GROUP BY 1;

Fix:
    CREATE VIEW invoice_totals WITH (security_invoker = true) AS
        SELECT organization_id, sum(total) FROM invoices GROUP BY 1;

A materialized view cannot be fixed that way: read through a security_invoker view instead,
or, if only roles that bypass row level security read it, exempt it with
tenant_guard.exempt() and a reason.)",
        [](const Config& config) -> std::unique_ptr<Rule> {
            return std::make_unique<IsolationRule<isolation::v2::Rule::ViewBypassesRls>>(config);
        },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
