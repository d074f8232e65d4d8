#include "rule_runner.h"

#include "plpgsql_bodies.h"
#include "registry.h"

namespace tenant_guard::analyzer {

StatementInput::StatementInput(const Node* node, const StatementContext& context, const SchemaModel& model,
                               const Facts& facts)
    : node(node), context(context), model(model), facts(facts) {}

StatementInput::~StatementInput() = default;

const PlpgsqlBody& StatementInput::do_block_body() const {
    if (!do_block_body_) {
        const DoStmt* block = pg::as<DoStmt>(node);
        do_block_body_ = std::make_unique<PlpgsqlBody>(block ? read_do_block(*block, context, file()) : PlpgsqlBody());
    }
    return *do_block_body_;
}

RuleRunner::RuleRunner(SchemaModel& model, Facts& facts, const Config& config)
    : model_(model), facts_(facts), visitor_(model, config.migration_role) {
    // Roles the configuration says bypass row level security, before any migration runs.
    for (const std::string& role : config.bypass_rls_roles) model_.role(role).bypass_rls = true;
    for (const RuleInfo& rule : all_rules()) {
        Level level = rule.level;
        if (auto configured = config.rule_levels.find(rule.id); configured != config.rule_levels.end())
            level = configured->second;
        if (level == Level::Off) continue;
        rules_.push_back({rule.id, level, rule.definition.make(config), {}});
    }
}

RuleRunner::~RuleRunner() = default;

void RuleRunner::statement(const Node* node, const StatementContext& context) {
    StatementInput input(node, context, model_, facts_);
    for (ActiveRule& active : rules_) active.rule->statement(input, active.findings);
    visitor_.visit(node, context);
    if (pg::as<DoStmt>(node))
        for_each_statement_run(input.do_block_body(), [&](const Node* nested, const StatementContext& nested_context) {
            statement(nested, nested_context);
        });
}

void RuleRunner::commit(uint32_t file) {
    // Taken also after a baseline, so that its tables are not decided with the next file.
    const std::vector<Relation*> touched = model_.take_touched_relations();
    CommitInput input{model_, file, touched, facts_};
    for (ActiveRule& active : rules_) active.rule->commit(input, active.findings);
}

std::vector<Finding> RuleRunner::finish() {
    facts_.parsed_statements = visitor_.applied_statements();
    FinishInput input{model_, facts_};
    std::vector<Finding> findings;
    for (ActiveRule& active : rules_) {
        active.rule->finish(input, active.findings);
        for (Finding& finding : active.findings) {
            finding.rule = active.id;
            finding.level = active.level;
            findings.push_back(std::move(finding));
        }
        active.findings.clear();
    }
    return findings;
}

}  // namespace tenant_guard::analyzer
