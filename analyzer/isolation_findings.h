// The glue between the checker and core/'s isolation rule (version 2), in one place: the
// schema model as core/ describes it (tenant tables, inheritance parents above them, views,
// roles), and core/'s findings for what a commit touched. core/ decides a commit once for the
// five isolation rules (rules/tenant_table_*.cpp, policy_not_tenant_scoped, view_bypasses_rls,
// parent_exposes_tenant_rows: decide_commit(), kept by the CommitInput); each rule then takes
// its own findings from that decision (isolation_findings_at_commit()). What core/ judges of a
// policy's expressions is reduced from the parse tree by policy_reduction.h.
//
// Decided as the database guard decides: when a migration file ends (its transaction
// commits), every tenant table that the file touched, every inheritance parent above one and
// every view that reaches one is judged as the file left it. So a table that one file creates
// without row level security is reported in that file even if a later file fixes it: the
// guard refuses that first commit. A finding is placed at the statement of that file that
// created the relation or the offending policy, else at the file's first statement that
// touched it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config.h"
#include "isolation_rule.h"
#include "rule.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

// The relation as core/ describes a tenant table; nothing when it is not one (not a table,
// temporary, in an exempt schema, no tenant column). Exemptions are the caller's to weigh.
std::optional<isolation::v2::Table> tenant_table(const Relation& relation, const Config& config);

// A warning for a configuration under which the model's tables hold no tenant table: never a
// silent pass. Empty when some table is one, or when there is no table at all.
std::string no_tenant_table_warning(const SchemaModel& model, const Config& config);

// The roles the migrations and the configuration describe.
isolation::v2::RoleCatalog role_catalog(const SchemaModel& model);

// How the configuration sets up the rule.
isolation::v2::RuleSettings rule_settings(const Config& config);

// What one isolation rule last found per relation, to tell a new finding from one that an
// earlier commit already gave.
class IsolationHistory {
public:
    // Whether key was found at relation's previous judgement; records keys as its latest.
    bool seen_before(const std::string& relation, const std::string& key) const;
    void record(const std::string& relation, std::set<std::string> keys);

private:
    std::map<std::string, std::set<std::string>> last_;
};

// A relation that a commit makes the isolation rules look at, and what core/ decided of it.
struct JudgedRelation {
    const Relation* relation = nullptr;  // a view is judged by view-bypasses-rls alone
    std::string identity;  // the name and its creating statement: the same name created again is another
    std::vector<uint32_t> touches;  // the file's statements that touched it, or what reached it
    std::vector<isolation::v2::Finding> decided;  // of every isolation rule
};

// What core/ decides at one commit, for all isolation rules at once. A baseline is a snapshot,
// not a transaction: nothing is decided for it.
struct CommitDecision {
    std::vector<JudgedRelation> relations;
};

CommitDecision decide_commit(const CommitInput& input, const Config& config);

// One isolation rule's findings at a commit, taken from the commit's decision.
void isolation_findings_at_commit(const CommitInput& input, const CommitDecision& decision,
                                  isolation::v2::Rule rule, IsolationHistory& history,
                                  std::vector<Finding>& findings);

// One isolation rule of the checker: rules/<name>.cpp makes it with its rule of core/.
template <isolation::v2::Rule kRule>
class IsolationRule : public Rule {
public:
    explicit IsolationRule(const Config& config) : config_(config) {}
    void commit(const CommitInput& input, std::vector<Finding>& findings) override {
        isolation_findings_at_commit(input, input.isolation_decision(config_), kRule, history_, findings);
    }

private:
    const Config& config_;
    IsolationHistory history_;
};

}  // namespace tenant_guard::analyzer
