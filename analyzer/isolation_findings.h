// The three isolation rules share one evaluation, made the way the database guard makes it:
// when a migration file ends (its transaction commits), every tenant table that the file
// touched is handed to core/ as the file left it. So a table that one file creates without
// row level security is reported in that file even if a later file fixes it: the guard
// refuses that first commit. A finding is placed at the statement of that file that created
// the table or the offending policy, else at the file's first statement that touched the table.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "config.h"
#include "facts.h"
#include "isolation.h"
#include "registry.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

// The relation as core/ sees a tenant table; nothing when it is not one (not a table,
// temporary, in an exempt schema, no tenant column). Exemptions are the caller's to weigh.
std::optional<isolation::Table> tenant_table(const Relation& relation, const Config& config);

// Records in facts.isolation_findings what core/ decides for the tables that file touched.
// A baseline is a snapshot, not a transaction: nothing is decided for it.
void decide_isolation_at_end_of_file(SchemaModel& model, const Config& config, uint32_t file,
                                     Facts& facts);

// Appends the recorded findings of one rule.
void isolation_findings(const RuleInput& input, isolation::Rule rule, std::vector<Finding>& findings);

}  // namespace tenant_guard::analyzer
