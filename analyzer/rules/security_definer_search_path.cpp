// security-definer-search-path: a SECURITY DEFINER function or procedure without its own
// search_path. It runs with its owner's rights but resolves names through the caller's
// search_path, so a caller can redirect it to objects of their own (a function in pg_temp, a
// table in a schema they can write) and act as the owner: it is how application roles were
// shown other organisations' rows in the security review.
#include <map>

#include "pg_nodes.h"
#include "rule.h"
#include "tree_names.h"

namespace tenant_guard::analyzer {

namespace {

// What CREATE and ALTER FUNCTION say about a function.
struct Options {
    std::optional<bool> security_definer;
    std::optional<bool> pins_search_path;
};

Options read_options(const List* options) {
    Options out;
    for (const Node* item : pg::items(options)) {
        const DefElem* option = pg::as<DefElem>(item);
        if (!option) continue;
        const std::string_view name = pg::text(option->defname);
        if (name == "security") {
            out.security_definer = pg::boolean_option(*option);
        } else if (name == "set") {
            const VariableSetStmt* set = pg::as<VariableSetStmt>(option->arg);
            if (set && pg::text(set->name) == "search_path")
                out.pins_search_path = set->kind == VAR_SET_VALUE || set->kind == VAR_SET_CURRENT;
        }
    }
    return out;
}

class Check : public Rule {
public:
    void statement(const StatementInput& input, std::vector<Finding>& findings) override {
        (void)findings;
        if (const CreateFunctionStmt* create = pg::as<CreateFunctionStmt>(input.node)) {
            const std::string key = function_key(input, create->funcname, pg::items(create->parameters).size());
            Options options = read_options(create->options);
            State state;
            state.security_definer = options.security_definer.value_or(false);
            state.pins_search_path = options.pins_search_path.value_or(false);
            state.created = {input.context.statement, {input.context.file, input.context.start}};
            state.name = describe(create->funcname);
            functions_[key] = state;
        } else if (const AlterFunctionStmt* alter = pg::as<AlterFunctionStmt>(input.node)) {
            if (!alter->func) return;
            auto found = functions_.find(function_key(input, alter->func->objname, pg::items(alter->func->objargs).size()));
            if (found == functions_.end()) return;
            Options options = read_options(alter->actions);
            if (options.security_definer) found->second.security_definer = *options.security_definer;
            if (options.pins_search_path) found->second.pins_search_path = *options.pins_search_path;
        } else if (const DropStmt* drop = pg::as<DropStmt>(input.node)) {
            if (drop->removeType != OBJECT_FUNCTION && drop->removeType != OBJECT_PROCEDURE) return;
            for (const Node* object : pg::items(drop->objects))
                if (const ObjectWithArgs* function = pg::as<ObjectWithArgs>(object))
                    functions_.erase(function_key(input, function->objname, pg::items(function->objargs).size()));
        }
    }

    void finish(const FinishInput& input, std::vector<Finding>& findings) override {
        for (const auto& [key, state] : functions_) {
            if (!state.security_definer || state.pins_search_path) continue;
            if (input.facts.files[state.created.location.file].is_baseline()) continue;
            Finding finding;
            finding.location = state.created.location;
            finding.statement = state.created.statement;
            finding.message = "SECURITY DEFINER function " + state.name +
                              " has no SET search_path: it resolves names through its caller's search_path "
                              "with its owner's rights";
            finding.hint = "ALTER FUNCTION " + state.name + " SET search_path = pg_catalog, pg_temp; -- and "
                           "qualify every name in its body, or list the schemas it needs before pg_temp";
            findings.push_back(std::move(finding));
        }
    }

private:
    struct State {
        bool security_definer = false;
        bool pins_search_path = false;
        Origin created;
        std::string name;
    };

    static std::string describe(const List* names) {
        std::string out;
        for (std::string_view part : strings_of(names)) out += (out.empty() ? "" : ".") + std::string(part);
        return out;
    }

    // Functions by schema, name and number of arguments: overloads by type are rare in
    // migrations, and an ALTER or DROP names its function the same way.
    static std::string function_key(const StatementInput& input, const List* names, int arguments) {
        std::vector<std::string_view> parts = strings_of(names);
        if (parts.empty()) return {};
        const std::string schema = parts.size() >= 2 ? std::string(parts[parts.size() - 2])
                                                     : input.model.creation_schema(false);
        return schema + "." + std::string(parts.back()) + "/" + std::to_string(arguments);
    }

    std::map<std::string, State> functions_;
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::SecurityDefinerSearchPath>() {
    static const RuleDefinition definition{
        R"(A SECURITY DEFINER function runs with its owner's privileges, usually the migration role,
which owns the tenant tables and may bypass row level security. Without its own search_path it
resolves every unqualified name (tables, functions, operators) through the caller's
search_path, which the caller controls: a function or operator the caller creates in pg_temp or
in a schema they can write is then run with the owner's rights, or a table of theirs is read
in place of the real one. Trusted helpers used by policies are typically SECURITY DEFINER, so
this is how a policy's confinement is undone.

Example:
    CREATE FUNCTION app.current_org_ids() RETURNS SETOF uuid
        LANGUAGE sql SECURITY DEFINER
        AS $$ SELECT organization_id FROM memberships WHERE user_id = auth.uid() $$;

Fix:
    CREATE FUNCTION app.current_org_ids() RETURNS SETOF uuid
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ SELECT organization_id FROM public.memberships WHERE user_id = auth.uid() $$;

The finding is placed at the CREATE FUNCTION; an ALTER FUNCTION ... SET search_path later in the
migrations settles it.)",
        [](const Config&) -> std::unique_ptr<Rule> { return std::make_unique<Check>(); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
