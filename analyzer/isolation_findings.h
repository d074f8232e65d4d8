// The glue between the checker and core/'s isolation rule, in one place: a relation of the
// schema model as core/ sees a tenant table, and core/'s findings for the tables that a commit
// touched. The three isolation rules (rules/tenant_table_*.cpp, rules/policy_not_tenant_scoped.cpp)
// are each one call of isolation_findings_at_commit(). What core/ judges of a policy's
// expressions is reduced from the parse tree in policy_expression.h.
//
// Decided as the database guard decides: when a migration file ends (its transaction
// commits), every tenant table that the file touched is judged as the file left it. So a
// table that one file creates without row level security is reported in that file even if a
// later file fixes it: the guard refuses that first commit. A finding is placed at the
// statement of that file that created the table or the offending policy, else at the file's
// first statement that touched the table.
#pragma once

#include <optional>
#include <vector>

#include "config.h"
#include "isolation.h"
#include "rule.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

// The relation as core/ sees a tenant table; nothing when it is not one (not a table,
// temporary, in an exempt schema, no tenant column). Exemptions are the caller's to weigh.
std::optional<isolation::Table> tenant_table(const Relation& relation, const Config& config);

// core/'s findings of one isolation rule for the tables the commit touched. A baseline is a
// snapshot, not a transaction: nothing is decided for it.
void isolation_findings_at_commit(const CommitInput& input, const Config& config, isolation::Rule rule,
                                  std::vector<Finding>& findings);

}  // namespace tenant_guard::analyzer
