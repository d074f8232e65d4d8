#include "rule_runner.h"

#include <algorithm>
#include <cstddef>

#include "isolation_findings.h"
#include "plpgsql_bodies.h"
#include "registry.h"
#include "tree_names.h"

namespace tenant_guard::analyzer {

namespace {

// The functions with DDL in their code (SchemaModel::function_code) that a statement runs
// once: SELECT f(...) without FROM or WHERE (also PERFORM f(...) in PL/pgSQL), SELECT ... FROM
// f(...), CALL p(...). A call made once per row runs as often as there are rows: not followed.
std::vector<const FunctionCode*> functions_run_once(const Node* node, const SchemaModel& model) {
    std::vector<const FunctionCode*> run;
    auto add = [&](const FuncCall* call) {
        if (const FunctionCode* code = call ? model.function_code(strings_of(call->funcname)) : nullptr)
            run.push_back(code);
    };
    if (const SelectStmt* select = pg::as<SelectStmt>(node)) {
        const pg::Items from = pg::items(select->fromClause);
        if (from.empty() && !select->whereClause)
            for (const Node* target : pg::items(select->targetList))
                if (const ResTarget* result = pg::as<ResTarget>(target)) add(pg::as<FuncCall>(result->val));
        if (from.size() == 1)
            if (const RangeFunction* range = pg::as<RangeFunction>(from.front()))
                for (const Node* item : pg::items(range->functions))  // (call, column definitions) pairs
                    if (const List* pair = pg::as<List>(item); pair && !pg::items(pair).empty())
                        add(pg::as<FuncCall>(pg::items(pair).front()));
    } else if (const CallStmt* call = pg::as<CallStmt>(node)) {
        add(call->funccall);
    }
    return run;
}

}  // namespace

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

CommitInput::CommitInput(const SchemaModel& model, uint32_t file, const std::vector<Relation*>& touched,
                         const Facts& facts)
    : model(model), file(file), touched(touched), facts(facts) {}

CommitInput::~CommitInput() = default;

const CommitDecision& CommitInput::isolation_decision(const Config& config) const {
    if (!isolation_decision_) isolation_decision_ = std::make_unique<CommitDecision>(decide_commit(*this, config));
    return *isolation_decision_;
}

RuleRunner::RuleRunner(SchemaModel& model, Facts& facts, const Config& config, bool keep_continuing)
    : model_(model), facts_(facts), visitor_(model, config.migration_role), keep_continuing_(keep_continuing) {
    // Roles the configuration says bypass row level security, before any migration runs.
    for (const std::string& role : config.bypass_rls_roles) model_.role(role).bypass_rls = true;
    for (const RuleInfo& rule : all_rules()) {
        Level level = rule.level;
        if (auto configured = config.rule_levels.find(rule.id); configured != config.rule_levels.end())
            level = configured->second;
        if (level == Level::Off) continue;
        rules_.push_back({rule.id, level, rule.definition.make(config)});
    }
}

RuleRunner::~RuleRunner() = default;

void RuleRunner::statement(const Node* node, const StatementContext& context) {
    StatementInput input(node, context, model_, facts_);
    for (ActiveRule& active : rules_) {
        const size_t made = findings_.size();
        active.rule->statement(input, findings_);
        take_made(active, made);
    }
    visitor_.visit(node, context);
    auto run_nested = [&](const Node* nested, const StatementContext& nested_context) {
        statement(nested, nested_context);
    };
    if (pg::as<DoStmt>(node)) for_each_statement_run(input.do_block_body(), run_nested);
    for (const FunctionCode* function : functions_run_once(node, model_))
        for_each_statement_run(read_called_function(*function, context, input.file()), run_nested);
}

void RuleRunner::commit(uint32_t file) {
    // Taken also after a baseline, so that its tables are not decided with the next file.
    const std::vector<Relation*> touched = model_.take_touched_relations();
    CommitInput input(model_, file, touched, facts_);
    for (ActiveRule& active : rules_) {
        const size_t made = findings_.size();
        active.rule->commit(input, findings_);
        take_made(active, made);
        if (keep_continuing_) continue;
        auto first_made = findings_.begin() + static_cast<std::ptrdiff_t>(made);
        findings_.erase(std::remove_if(first_made, findings_.end(),
                                       [](const Finding& finding) { return finding.continues_earlier; }),
                        findings_.end());
        // Only --changed places findings by the statements that touched their table.
        for (auto finding = findings_.begin() + static_cast<std::ptrdiff_t>(made); finding != findings_.end(); ++finding)
            std::vector<uint32_t>().swap(finding->touching_statements);
    }
}

std::vector<Finding> RuleRunner::finish() {
    facts_.parsed_statements = visitor_.applied_statements();
    FinishInput input{model_, facts_};
    for (ActiveRule& active : rules_) {
        const size_t made = findings_.size();
        active.rule->finish(input, findings_);
        label(active, made);
    }
    return std::move(findings_);
}

void RuleRunner::take_made(const ActiveRule& active, size_t made) {
    if (findings_.size() == made) return;  // most hooks make none
    label(active, made);
    if (!shown_) return;
    findings_.erase(std::remove_if(findings_.begin() + static_cast<std::ptrdiff_t>(made), findings_.end(),
                                   [&](const Finding& finding) { return !shown_(finding); }),
                    findings_.end());
}

void RuleRunner::label(const ActiveRule& active, size_t made) {
    for (auto finding = findings_.begin() + static_cast<std::ptrdiff_t>(made); finding != findings_.end(); ++finding) {
        finding->rule = active.id;
        finding->level = active.level;
    }
}

}  // namespace tenant_guard::analyzer
