// The rule table: the checker's names for the isolation rules are core/'s (the guard prints
// core/'s), every rule has one name, and every rule comes with its explanation.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "isolation_rule.h"
#include "registry.h"

using namespace tenant_guard;
using namespace tenant_guard::analyzer;

TEST(RuleTable, IsolationRulesAreNamedAsCoreNamesThem) {
    using CoreRule = isolation::v2::Rule;
    const std::pair<CoreRule, RuleId> pairs[] = {
        {CoreRule::TenantTableWithoutRls, RuleId::TenantTableWithoutRls},
        {CoreRule::TenantTableMissingPolicy, RuleId::TenantTableMissingPolicy},
        {CoreRule::PolicyNotTenantScoped, RuleId::PolicyNotTenantScoped},
        {CoreRule::ViewBypassesRls, RuleId::ViewBypassesRls},
        {CoreRule::ParentExposesTenantRows, RuleId::ParentExposesTenantRows},
    };
    for (const auto& [core_rule, id] : pairs) EXPECT_EQ(rule_name(id), isolation::v2::rule_name(core_rule));
}

TEST(RuleTable, NamesAreUniqueAndFoundAndEveryRuleIsExplained) {
    std::set<std::string> names;
    for (const RuleInfo& rule : all_rules()) {
        EXPECT_TRUE(names.insert(std::string(rule.name)).second) << rule.name;
        EXPECT_EQ(find_rule(rule.name), rule.id);
        EXPECT_EQ(&rule_info(rule.id), &rule);
        EXPECT_FALSE(rule.summary.empty()) << rule.name;
        EXPECT_FALSE(rule.definition.explanation.empty()) << rule.name;
        EXPECT_NE(rule.definition.make, nullptr) << rule.name;
    }
    EXPECT_EQ(names.size(), kRuleCount);
    EXPECT_FALSE(find_rule("no-such-rule"));
}
