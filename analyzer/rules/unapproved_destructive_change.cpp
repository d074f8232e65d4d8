// unapproved-destructive-change: statements that destroy stored data or protections,
// unless an approval comment names the rule with a reason.
#include "registry.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    for (const DestructiveChange& change : input.facts.destructive_changes) {
        if (change.withdrawn) continue;
        Finding finding;
        finding.rule = "unapproved-destructive-change";
        finding.location = change.location;
        finding.statement = change.statement;
        finding.message = change.description + " destroys existing data or protection and is not approved";
        finding.hint = "if it is intended, approve it on the line above the statement: "
                       "-- tenant-guard: ignore unapproved-destructive-change <why it is safe>";
        finding.table = change.table;
        findings.push_back(std::move(finding));
    }
}
}  // namespace

const RuleInfo kUnapprovedDestructiveChangeRule{
    "unapproved-destructive-change",
    Level::Error,
    "DROP TABLE/COLUMN/SCHEMA/POLICY, TRUNCATE, ALTER COLUMN TYPE, DELETE or UPDATE without WHERE, not approved",
    R"(These statements destroy rows, columns or a protection that a deploy cannot give back:
DROP TABLE, DROP COLUMN, DROP SCHEMA, TRUNCATE, ALTER COLUMN ... TYPE, DROP POLICY, and
DELETE or UPDATE without WHERE. Each needs an approval comment on the line above it that says
why it is safe; the approval is listed with its reason in JSON and SARIF output.

A change to something the same migration file created destroys no stored data (the file runs
as one unit, so nothing was stored in between) and is not reported: CREATE TABLE t ...;
DROP TABLE t; in one file is fine. Likewise a DROP POLICY that the same file follows with a
CREATE POLICY of that name on that table is a replacement (the new policy is judged by the
isolation rules). A DROP ... IF EXISTS of something the migrations never
created is reported, since it may exist in production.

Example:
    ALTER TABLE invoices DROP COLUMN legacy_total;

Fix, once reviewed:
    -- tenant-guard: ignore unapproved-destructive-change legacy_total was replaced by total in 2024 and is unread
    ALTER TABLE invoices DROP COLUMN legacy_total;)",
    check,
};

}  // namespace tenant_guard::analyzer
