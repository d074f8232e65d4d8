// What a rule is: it owns its detection, from three hooks that the driver calls in migration
// order, and gives findings (rule id and level are set by the driver). A rule keeps whatever
// state it needs between hooks; it never changes the model.
//
//   statement  each statement, top-level or run by a DO block, with the schema model as it was
//              BEFORE the statement, its typed parse tree and where it is;
//   commit     when a transaction of a migration file commits (commit_boundaries.h says
//              where), with the tables it touched, as the guard decides at commit;
//   finish     once at the end, with the final model and the front end's facts.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "config.h"
#include "facts.h"
#include "finding.h"
#include "rule_id.h"
#include "schema_model.h"
#include "statement_context.h"

struct Node;

namespace tenant_guard::analyzer {

struct PlpgsqlBody;

class StatementInput {
public:
    StatementInput(const Node* node, const StatementContext& context, const SchemaModel& model, const Facts& facts);
    ~StatementInput();
    StatementInput(const StatementInput&) = delete;
    StatementInput& operator=(const StatementInput&) = delete;

    const Node* node;  // the statement: valid during the hook only
    const StatementContext& context;
    const SchemaModel& model;  // before the statement
    const Facts& facts;

    const SourceFile& file() const { return facts.files[context.file]; }
    // A DO block's body, read once for every rule and for the model (empty otherwise).
    const PlpgsqlBody& do_block_body() const;

private:
    mutable std::unique_ptr<PlpgsqlBody> do_block_body_;
};

struct CommitDecision;

class CommitInput {
public:
    CommitInput(const SchemaModel& model, uint32_t file, const std::vector<Relation*>& touched, const Facts& facts);
    ~CommitInput();
    CommitInput(const CommitInput&) = delete;
    CommitInput& operator=(const CommitInput&) = delete;

    const SchemaModel& model;
    uint32_t file;
    const std::vector<Relation*>& touched;  // the relations the file's statements touched
    const Facts& facts;

    // What core/ decides at this commit for every isolation rule (isolation_findings.h), made
    // once for all of them: the rules share one configuration.
    const CommitDecision& isolation_decision(const Config& config) const;

private:
    mutable std::unique_ptr<CommitDecision> isolation_decision_;
};

struct FinishInput {
    const SchemaModel& model;
    const Facts& facts;
};

class Rule {
public:
    virtual ~Rule() = default;
    virtual void statement(const StatementInput& input, std::vector<Finding>& findings) {
        (void)input;
        (void)findings;
    }
    virtual void commit(const CommitInput& input, std::vector<Finding>& findings) {
        (void)input;
        (void)findings;
    }
    virtual void finish(const FinishInput& input, std::vector<Finding>& findings) {
        (void)input;
        (void)findings;
    }
};

// What each rules/<name>.cpp defines for its rule: the explanation (`tenant-guard explain`,
// docs/rules/<name>.md, SARIF's help) and how to make the rule for a run.
struct RuleDefinition {
    std::string_view explanation;  // what it catches, why, an example, the fix
    std::unique_ptr<Rule> (*make)(const Config& config);
};

template <RuleId id>
const RuleDefinition& rule_definition();

#define TENANT_GUARD_DECLARE_RULE_DEFINITION(id, name, level, summary) \
    template <>                                                        \
    const RuleDefinition& rule_definition<RuleId::id>();
TENANT_GUARD_RULES(TENANT_GUARD_DECLARE_RULE_DEFINITION)
#undef TENANT_GUARD_DECLARE_RULE_DEFINITION

}  // namespace tenant_guard::analyzer
