// Runs the rules along the migrations, between the front end and the reporters: each
// statement goes to every rule's hook with the model as it was before it, then to the model
// (StatementVisitor); the statements a DO block runs follow it the same way; at each commit
// the rules see the tables it touched; at the end, their final checks. Rules whose level is
// off are not run.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "config.h"
#include "facts.h"
#include "rule.h"
#include "schema_model.h"
#include "statement_visitor.h"

namespace tenant_guard::analyzer {

class RuleRunner {
public:
    // keep_continuing: keep the findings that continue one an earlier commit gave (--changed
    // shows them at every touching commit); without it they are dropped as soon as made, as the
    // whole-history output would drop them at the end (on long histories they are most).
    RuleRunner(SchemaModel& model, Facts& facts, const Config& config, bool keep_continuing);
    ~RuleRunner();

    // Findings that the report will not show (--changed) are dropped as statements and
    // commits make them, instead of being kept to the end; the final checks' are left to the
    // caller.
    void drop_unless(std::function<bool(const Finding&)> shown) { shown_ = std::move(shown); }

    void statement(const Node* node, const StatementContext& context);
    // A transaction of a migration file commits (commit_boundaries.h).
    void commit(uint32_t file);
    // The findings of every rule, with their rule and level set, in the order made: each
    // rule's in its own order.
    std::vector<Finding> finish();

private:
    struct ActiveRule {
        RuleId id;
        Level level;
        std::unique_ptr<Rule> rule;
    };

    // Sets rule and level on what active's hook added to findings_ from index made on.
    void label(const ActiveRule& active, size_t made);
    // Labels what a statement's or a commit's hook made (from index made on) and drops what
    // shown_ rejects.
    void take_made(const ActiveRule& active, size_t made);

    SchemaModel& model_;
    Facts& facts_;
    StatementVisitor visitor_;
    std::vector<ActiveRule> rules_;
    // All rules append to one vector: on a long history the findings are the largest thing
    // the checker holds, and one vector per rule had to be merged into a copy at the end.
    std::vector<Finding> findings_;
    bool keep_continuing_;
    std::function<bool(const Finding&)> shown_;
};

}  // namespace tenant_guard::analyzer
