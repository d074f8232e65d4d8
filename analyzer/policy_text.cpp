#include "policy_text.h"

#include "frontend.h"
#include "pg_nodes.h"

namespace tenant_guard::analyzer {

std::optional<isolation::v2::Expression> reduce_policy_text(const std::string& expression,
                                                            const PolicyTarget& table,
                                                            const ReductionScope& scope,
                                                            std::string& error) {
    ParserMemoryScope memory;
    // The newline keeps a trailing `--` comment, should one ever appear, from eating the
    // closing parenthesis.
    const std::string statement = "CREATE POLICY p ON t USING (" + expression + "\n)";
    RawParse parse(statement.c_str());
    if (parse.failed) {
        error = parse.error;
        return std::nullopt;
    }
    const pg::Items statements(parse.statements);
    const RawStmt* raw = statements.size() == 1 ? pg::as<RawStmt>(statements.front()) : nullptr;
    const CreatePolicyStmt* policy = raw ? pg::as<CreatePolicyStmt>(raw->stmt) : nullptr;
    if (policy == nullptr || policy->qual == nullptr) {
        // `x) WITH CHECK (y` would parse as two clauses: not one expression.
        error = "not a single expression";
        return std::nullopt;
    }
    if (policy->with_check != nullptr) {
        error = "not a single expression";
        return std::nullopt;
    }
    return reduce_policy_expression(policy->qual, table, scope);
}

}  // namespace tenant_guard::analyzer
