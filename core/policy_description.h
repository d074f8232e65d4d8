// What the isolation rule (version 2, DESIGN.md "Part 2: the guard") judges: a description of
// tenant tables, their policies, the roles those policies name, the views over them and the
// inheritance parents above them. The guard fills it from the catalog and the analysed trees
// of policy expressions, the checker from libpg_query's raw trees; each front end reduces an
// expression to the few shapes below, so that the rule itself (isolation_rule.h) lives only
// here and both sides decide alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "isolation.h"

namespace tenant_guard::isolation::v2 {

using isolation::Command;
using isolation::PolicyCommand;

// What a value compared with a column of the policy's row depends on.
enum class ValueClass {
    // Depends on who asks, and on no column of the policy's row: a call to a function outside
    // pg_catalog, current_setting(), current_user and its kin, or a caller-dependent subquery.
    CallerDependent,
    // The same for every caller (constants, casts of constants, pg_catalog functions of
    // them): it pins one organisation for everyone.
    Constant,
    // Contains a column of the policy's own row (`organization_id = organization_id`).
    RowDependent,
    // Names something the checker could not resolve (a table in a subquery that no migration,
    // baseline or preset creates): the checker cannot prove what the guard would decide.
    Unresolved,
};

enum class BindingKind {
    Equality,    // c = v, v = c, c = ANY (v); an IN list arrives as an Or of these
    Membership,  // c IN (subquery), c = ANY (subquery)
    Exists,      // EXISTS (subquery) correlated on c with a condition in the same AND-branch
};

// One node of a reduced policy expression.
struct Expression {
    enum class Kind {
        Or,             // operands
        And,            // operands
        Binding,        // binding, columns (exactly one), value
        Helper,         // function, columns, argument_count: a trusted helper called with columns
        Opaque,         // anything else: true, IS NOT NULL, LIKE, NOT, a foreign `=`, ...
        TempDependent,  // depends on an object in a temporary schema, so it is dropped with it
    };

    Kind kind = Kind::Opaque;
    std::vector<Expression> operands;
    BindingKind binding = BindingKind::Equality;
    ValueClass value = ValueClass::Constant;
    // Columns of the policy's row: the bound column, or those passed to a helper (possibly
    // under casts).
    std::vector<std::string> columns;
    std::string function;          // Helper: schema-qualified, quoted as SQL needs
    std::size_t argument_count = 0;  // Helper
    std::string unresolved;        // ValueClass::Unresolved: the name that did not resolve

    static Expression opaque() { return {}; }
    static Expression temp_dependent();
    static Expression any_of(std::vector<Expression> operands);
    static Expression all_of(std::vector<Expression> operands);
    static Expression bind(std::string column, ValueClass value,
                           BindingKind kind = BindingKind::Equality);
    static Expression helper(std::string function, std::vector<std::string> columns,
                             std::size_t argument_count);
};

// PUBLIC, or the roles of a policy's TO list. The front end resolves CURRENT_USER,
// SESSION_USER and CURRENT_ROLE to the role that ran the statement, or to a name no role has
// where it cannot know it (such a role is subject to row level security).
struct Policy {
    std::string name;
    PolicyCommand command = PolicyCommand::All;
    bool permissive = true;
    bool to_public = true;
    std::vector<std::string> roles;  // when !to_public
    std::optional<Expression> using_expression;
    std::optional<Expression> with_check_expression;
};

struct Role {
    std::string name;
    bool superuser = false;
    bool bypass_rls = false;
    std::vector<std::string> inherits_from;  // roles it is an INHERIT member of
};

// A table the rule judges: a tenant table, or an inheritance parent without the tenant column
// that has tenant descendants.
struct Table {
    std::string schema;
    std::string name;
    std::string tenant_column;       // empty for a parent without one
    std::string tenant_column_type;  // SQL spelling (`uuid`, `integer`), for hints
    std::string owner;               // empty where the source cannot know it
    bool row_level_security = false;
    bool force_row_level_security = false;
    std::vector<Policy> policies;
    std::vector<std::string> tenant_descendants;  // parents only: schema-qualified, quoted
};

// A view or materialized view, with the relations its query reads directly (tables and
// other views, schema-qualified and quoted as qualified_name() does).
struct View {
    std::string schema;
    std::string name;
    bool materialized = false;
    bool security_invoker = false;
    std::vector<std::string> reads;
};

// How a deployment configures the rule.
struct RuleSettings {
    std::vector<std::string> identity_columns{"user_id"};
    bool missing_policy_is_error = false;  // tenant_guard.missing_policy = error, [rules]
};

}  // namespace tenant_guard::isolation::v2
