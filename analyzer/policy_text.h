// A policy expression as PostgreSQL prints it (pg_get_expr(polqual, polrelid)), reduced to
// core/'s description by the same code that reduces the checker's migration files
// (policy_reduction.h): `tenant-guard audit` reads a live database's policies this way, so
// the rule stays in core/ and a database judges as its migrations do.
#pragma once

#include <optional>
#include <string>

#include "policy_description.h"
#include "policy_reduction.h"

namespace tenant_guard::analyzer {

// expression: one SQL expression (what pg_get_expr returns). It is parsed as the USING clause
// of a CREATE POLICY, the tree the checker reduces for a migration's policy. nullopt when it
// does not parse (a newer server's grammar): error then holds the parser's message.
std::optional<isolation::v2::Expression> reduce_policy_text(const std::string& expression,
                                                            const PolicyTarget& table,
                                                            const ReductionScope& scope,
                                                            std::string& error);

}  // namespace tenant_guard::analyzer
