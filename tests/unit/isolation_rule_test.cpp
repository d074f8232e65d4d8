// GoogleTest for core/isolation_rule: the isolation rule version 2 on the description both
// front ends produce. Each real-world pattern of the isolation v2 issue has its case here,
// with the verdict DESIGN.md "Part 2" gives it.
#include "isolation_rule.h"

#include <gtest/gtest.h>

namespace v2 = tenant_guard::isolation::v2;
using v2::BindingKind;
using v2::Command;
using v2::Expression;
using v2::Level;
using v2::Policy;
using v2::PolicyCommand;
using v2::Role;
using v2::RoleCatalog;
using v2::Rule;
using v2::Table;
using v2::ValueClass;
using v2::View;

namespace {

const v2::RuleSettings kSettings;

Expression caller_bound(std::string column = "organization_id") {
    return Expression::bind(std::move(column), ValueClass::CallerDependent);
}

Policy policy(std::string name, std::optional<Expression> using_expression,
              std::optional<Expression> with_check = std::nullopt,
              PolicyCommand command = PolicyCommand::All) {
    Policy p;
    p.name = std::move(name);
    p.command = command;
    p.using_expression = std::move(using_expression);
    p.with_check_expression = std::move(with_check);
    return p;
}

Policy to_roles(Policy p, std::vector<std::string> roles) {
    p.to_public = false;
    p.roles = std::move(roles);
    return p;
}

Policy restrictive(Policy p) {
    p.permissive = false;
    return p;
}

Table tenant_table(std::vector<Policy> policies, bool rls = true) {
    Table t;
    t.schema = "public";
    t.name = "invoices";
    t.tenant_column = "organization_id";
    t.tenant_column_type = "uuid";
    t.owner = "migrator";
    t.row_level_security = rls;
    t.policies = std::move(policies);
    return t;
}

// The Supabase platform: service_role bypasses RLS, the others are subject to it.
RoleCatalog supabase_roles() {
    Role service_role{"service_role", false, true, {}};
    Role postgres{"postgres", true, false, {}};
    Role anon{"anon", false, false, {}};
    Role authenticated{"authenticated", false, false, {}};
    return RoleCatalog({service_role, postgres, anon, authenticated});
}

// "rule COMMAND policy LEVEL", one per finding.
std::vector<std::string> keys(const std::vector<v2::Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
        std::string s(v2::rule_name(f.rule));
        if (f.command) s += " " + std::string(tenant_guard::isolation::command_name(*f.command));
        if (!f.policy.empty()) s += " " + f.policy;
        s += f.level == Level::Error ? " error" : " warning";
        out.push_back(s);
    }
    return out;
}

std::vector<std::string> check(const Table& t, const RoleCatalog& roles = RoleCatalog()) {
    return keys(v2::check_table(t, roles, kSettings));
}

using Keys = std::vector<std::string>;

}  // namespace

TEST(IsolationRuleConfines, BindingNeedsTheTenantOrIdentityColumnAndACallerDependentValue) {
    EXPECT_TRUE(v2::confines(caller_bound(), "organization_id", kSettings));
    EXPECT_TRUE(v2::confines(caller_bound("user_id"), "organization_id", kSettings));
    EXPECT_FALSE(v2::confines(caller_bound("status"), "organization_id", kSettings));
    for (ValueClass value : {ValueClass::Constant, ValueClass::RowDependent, ValueClass::Unresolved})
        EXPECT_FALSE(v2::confines(Expression::bind("organization_id", value), "organization_id",
                                  kSettings));
    v2::RuleSettings members_only;
    members_only.identity_columns = {"member_id"};
    EXPECT_FALSE(v2::confines(caller_bound("user_id"), "organization_id", members_only));
    EXPECT_TRUE(v2::confines(caller_bound("member_id"), "organization_id", members_only));
}

TEST(IsolationRuleConfines, OrNeedsEveryOperandAndAnyOperandOfAnAnd) {
    const Expression opaque = Expression::opaque();
    EXPECT_TRUE(v2::confines(Expression::any_of({caller_bound(), caller_bound("user_id")}),
                             "organization_id", kSettings));
    EXPECT_FALSE(v2::confines(Expression::any_of({caller_bound(), opaque}), "organization_id",
                              kSettings));
    EXPECT_FALSE(v2::confines(Expression::any_of({}), "organization_id", kSettings));
    EXPECT_TRUE(v2::confines(Expression::all_of({opaque, caller_bound()}), "organization_id",
                             kSettings));
    EXPECT_FALSE(v2::confines(Expression::all_of({opaque, opaque}), "organization_id", kSettings));
    // Nested: (a OR b) AND c confines through c, or through (a OR b) when both confine.
    EXPECT_TRUE(v2::confines(
        Expression::all_of({Expression::any_of({caller_bound(), opaque}), caller_bound("user_id")}),
        "organization_id", kSettings));
}

TEST(IsolationRuleConfines, HelpersMembershipExistsAndTemporaryObjects) {
    EXPECT_TRUE(v2::confines(Expression::helper("basejump.has_role_on_account", {"organization_id"}, 1),
                             "organization_id", kSettings));
    EXPECT_FALSE(v2::confines(Expression::helper("app.is_public", {"status"}, 1), "organization_id",
                              kSettings));
    EXPECT_TRUE(v2::confines(Expression::bind("organization_id", ValueClass::CallerDependent,
                                              BindingKind::Membership),
                             "organization_id", kSettings));
    EXPECT_TRUE(v2::confines(
        Expression::bind("organization_id", ValueClass::CallerDependent, BindingKind::Exists),
        "organization_id", kSettings));
    EXPECT_FALSE(v2::confines(
        Expression::bind("organization_id", ValueClass::Constant, BindingKind::Exists),
        "organization_id", kSettings));
    EXPECT_FALSE(v2::confines(Expression::temp_dependent(), "organization_id", kSettings));
}

TEST(IsolationRule, ConfiningPolicyForAllCommandsIsIsolated) {
    EXPECT_EQ(check(tenant_table({policy("tenant", caller_bound())})), Keys{});
}

TEST(IsolationRule, WithoutRowLevelSecurityIsTheOnlyFinding) {
    EXPECT_EQ(check(tenant_table({policy("open", Expression::opaque())}, false)),
              Keys{"tenant-table-without-rls error"});
}

TEST(IsolationRule, CommandsWithoutPolicyAreDeniedAndOnlyWarned) {
    // basejump's account_user: SELECT and DELETE granted, INSERT and UPDATE have no policy.
    const Table t = tenant_table({policy("read", caller_bound(), std::nullopt, PolicyCommand::Select),
                                  policy("remove", caller_bound(), std::nullopt, PolicyCommand::Delete)});
    EXPECT_EQ(check(t), (Keys{"tenant-table-missing-policy INSERT warning",
                              "tenant-table-missing-policy UPDATE warning"}));
    v2::RuleSettings strict;
    strict.missing_policy_is_error = true;
    EXPECT_EQ(keys(v2::check_table(t, RoleCatalog(), strict)),
              (Keys{"tenant-table-missing-policy INSERT error",
                    "tenant-table-missing-policy UPDATE error"}));
    // The hint never proposes opening the denied command.
    for (const auto& f : v2::check_table(t, RoleCatalog(), kSettings)) {
        EXPECT_EQ(f.hint.find("CREATE POLICY"), std::string::npos) << f.hint;
        EXPECT_NE(f.message.find("denies"), std::string::npos) << f.message;
    }
}

TEST(IsolationRule, RlsWithoutAnyPolicyDeniesEverything) {
    EXPECT_EQ(check(tenant_table({})), (Keys{"tenant-table-missing-policy SELECT warning",
                                             "tenant-table-missing-policy INSERT warning",
                                             "tenant-table-missing-policy UPDATE warning",
                                             "tenant-table-missing-policy DELETE warning"}));
}

TEST(IsolationRule, PoliciesForRolesThatBypassRlsAreAdminOnly) {
    // Supabase: `TO service_role USING (true)` is the deliberate admin path.
    const Table t = tenant_table({to_roles(policy("service", Expression::opaque()), {"service_role"}),
                                  to_roles(policy("members", caller_bound()), {"authenticated"})});
    EXPECT_EQ(check(t, supabase_roles()), Keys{});
    const v2::Evidence e = v2::evidence(t, supabase_roles());
    EXPECT_EQ(e.owner, "migrator");
    EXPECT_EQ(e.admin_only_policies, std::vector<std::string>{"service"});
    EXPECT_EQ(e.exempt_roles, (std::vector<std::string>{"postgres", "service_role"}));
    // Without the catalog saying so, service_role is an ordinary role: the policy exposes rows.
    EXPECT_EQ(check(t), (Keys{"policy-not-tenant-scoped SELECT service error",
                              "policy-not-tenant-scoped INSERT service error",
                              "policy-not-tenant-scoped UPDATE service error",
                              "policy-not-tenant-scoped DELETE service error"}));
}

TEST(IsolationRule, AnExemptRoleWhosePrivilegesAnotherRoleInheritsIsNotAdminOnly) {
    Role admins{"admins", false, true, {}};
    Role app{"app", false, false, {"admins"}};  // INHERIT member: has admins' privileges
    const Table t = tenant_table({to_roles(policy("admins", Expression::opaque()), {"admins"})});
    EXPECT_FALSE(v2::is_admin_only(t.policies[0], RoleCatalog({admins, app})));
    EXPECT_EQ(check(t, RoleCatalog({admins, app})).size(), 4u);
    Role detached{"app", false, false, {}};
    EXPECT_TRUE(v2::is_admin_only(t.policies[0], RoleCatalog({admins, detached})));
}

TEST(IsolationRule, RoleMembershipIsTransitiveThroughInherit) {
    RoleCatalog roles({Role{"a", false, false, {"b"}}, Role{"b", false, false, {"c"}},
                       Role{"c", false, false, {}}});
    EXPECT_TRUE(roles.has_privileges_of("a", "c"));
    EXPECT_FALSE(roles.has_privileges_of("c", "a"));
    EXPECT_FALSE(roles.has_privileges_of("unknown", "c"));
    EXPECT_TRUE(roles.has_privileges_of("unknown", "unknown"));
}

TEST(IsolationRule, UserScopedPolicyIsIsolated) {
    // `user_id = auth.uid()`: user_id is an identity column.
    EXPECT_EQ(check(tenant_table({policy("own", caller_bound("user_id"))})), Keys{});
}

TEST(IsolationRule, LeaksPeopleShipAreExposed) {
    const Expression not_null = Expression::opaque();  // organization_id IS NOT NULL
    const Expression self = Expression::bind("organization_id", ValueClass::RowDependent);
    const Expression or_true = Expression::any_of({caller_bound(), Expression::opaque()});
    const Expression fail_open = Expression::any_of({Expression::opaque(), caller_bound()});
    const Expression like = Expression::opaque();  // organization_id::text LIKE '%'
    const Expression literal = Expression::bind("organization_id", ValueClass::Constant);
    for (const Expression& leak : {not_null, self, or_true, fail_open, like, literal}) {
        EXPECT_EQ(check(tenant_table({policy("leak", leak)})),
                  (Keys{"policy-not-tenant-scoped SELECT leak error",
                        "policy-not-tenant-scoped INSERT leak error",
                        "policy-not-tenant-scoped UPDATE leak error",
                        "policy-not-tenant-scoped DELETE leak error"}));
    }
    const auto findings = v2::check_table(tenant_table({policy("leak", literal)}), RoleCatalog(), kSettings);
    EXPECT_NE(findings[0].message.find("with a constant, the same organisation for every caller"),
              std::string::npos)
        << findings[0].message;
}

TEST(IsolationRule, WithCheckThatConfinesNothingLetsRowsBeWrittenAnywhere) {
    const Table t = tenant_table({policy("tenant", caller_bound(), Expression::opaque())});
    EXPECT_EQ(check(t), (Keys{"policy-not-tenant-scoped INSERT tenant error",
                              "policy-not-tenant-scoped UPDATE tenant error"}));
    const auto findings = v2::check_table(t, RoleCatalog(), kSettings);
    EXPECT_NE(findings[0].message.find("rows can be written into any organisation"), std::string::npos);
    EXPECT_NE(findings[0].message.find("WITH CHECK"), std::string::npos);
    EXPECT_EQ(findings[0].hint,
              "ALTER POLICY tenant ON public.invoices WITH CHECK (organization_id = (SELECT "
              "current_setting('app.organization_id', true))::uuid);");
}

TEST(IsolationRule, PublicSharingSaysRowsAreVisibleAcrossOrganisations) {
    // chatbot-ui: `FOR SELECT USING (sharing <> 'private')`.
    const Table t = tenant_table({policy("own", caller_bound("user_id")),
                                  policy("shared", Expression::opaque(), std::nullopt,
                                         PolicyCommand::Select)});
    const auto findings = v2::check_table(t, RoleCatalog(), kSettings);
    EXPECT_EQ(keys(findings), Keys{"policy-not-tenant-scoped SELECT shared error"});
    EXPECT_NE(findings[0].message.find("rows are visible across organisations"), std::string::npos)
        << findings[0].message;
}

TEST(IsolationRule, RestrictivePolicyCoversWhenItReachesTheSameRoles) {
    const Policy open = policy("open", Expression::opaque());
    const Policy scope = restrictive(policy("scope", caller_bound()));
    EXPECT_EQ(check(tenant_table({open, scope})), Keys{});
    // TO authenticated does not cover a permissive TO PUBLIC: anon still reads every row.
    EXPECT_EQ(check(tenant_table({open, to_roles(scope, {"authenticated"})}), supabase_roles()).size(),
              4u);
    EXPECT_EQ(check(tenant_table({to_roles(open, {"authenticated"}), to_roles(scope, {"authenticated"})}),
                    supabase_roles()),
              Keys{});
    // A restrictive policy whose expression does not confine covers nothing.
    EXPECT_EQ(check(tenant_table({open, restrictive(policy("r", Expression::opaque()))})).size(), 4u);
}

TEST(IsolationRule, RestrictivePoliciesNeverOpenADeniedCommand) {
    EXPECT_EQ(check(tenant_table({restrictive(policy("scope", caller_bound()))})).size(), 4u);
    for (const std::string& k : check(tenant_table({restrictive(policy("scope", caller_bound()))})))
        EXPECT_EQ(k.rfind("tenant-table-missing-policy", 0), 0u) << k;
}

TEST(IsolationRule, TemporaryRestrictivePolicyDoesNotCover) {
    const Table t = tenant_table({policy("open", Expression::opaque()),
                                  restrictive(policy("temp", Expression::temp_dependent()))});
    EXPECT_EQ(check(t).size(), 4u);
    const Table permissive_temp = tenant_table({policy("temp", Expression::temp_dependent())});
    const auto findings = v2::check_table(permissive_temp, RoleCatalog(), kSettings);
    ASSERT_EQ(findings.size(), 4u);
    EXPECT_NE(findings[0].message.find("temporary schema"), std::string::npos);
}

TEST(IsolationRule, APolicyWithoutTheSidesExpressionGrantsNothingThere) {
    // FOR UPDATE WITH CHECK (true) alone: the existing-row side is denied, so UPDATE is denied.
    const Table t = tenant_table({policy("all", caller_bound(), std::nullopt, PolicyCommand::Select),
                                  policy("write", std::nullopt, Expression::opaque(),
                                         PolicyCommand::Update)});
    EXPECT_EQ(check(t), (Keys{"tenant-table-missing-policy INSERT warning",
                              "tenant-table-missing-policy UPDATE warning",
                              "tenant-table-missing-policy DELETE warning"}));
}

TEST(IsolationRule, InListIsAnOrOfEqualities) {
    const Expression both = Expression::any_of({caller_bound(), caller_bound()});
    const Expression one_literal =
        Expression::any_of({caller_bound(), Expression::bind("organization_id", ValueClass::Constant)});
    EXPECT_EQ(check(tenant_table({policy("in", both)})), Keys{});
    EXPECT_EQ(check(tenant_table({policy("in", one_literal)})).size(), 4u);
}

TEST(IsolationRule, UnresolvedNameAsksForTheSchema) {
    const Table t = tenant_table({policy("members",
                                         Expression::bind("organization_id", ValueClass::Unresolved,
                                                          BindingKind::Membership))});
    Table named = t;
    named.policies[0].using_expression->unresolved = "public.memberships";
    const auto findings = v2::check_table(named, RoleCatalog(), kSettings);
    ASSERT_EQ(findings.size(), 4u);
    EXPECT_NE(findings[0].message.find("public.memberships"), std::string::npos);
    EXPECT_NE(findings[0].message.find("--baseline"), std::string::npos);
}

TEST(IsolationRule, HintsReuseTheSchemasBindingAndTheColumnsType) {
    const Expression helper = Expression::helper("basejump.has_role_on_account", {"account_id"}, 1);
    Table accounts = tenant_table({policy("members", helper)});
    accounts.name = "accounts";
    accounts.tenant_column = "account_id";
    Table notes = tenant_table({policy("open", Expression::opaque())});
    notes.name = "notes";
    notes.tenant_column = "account_id";
    ASSERT_TRUE(v2::schema_binding({accounts, notes}, notes, kSettings));
    const auto findings = v2::check_table(notes, RoleCatalog(), kSettings, {accounts, notes});
    ASSERT_FALSE(findings.empty());
    EXPECT_EQ(findings[0].hint,
              "ALTER POLICY open ON public.notes USING (basejump.has_role_on_account(account_id));");

    // A helper of another column type is not reused: the hint casts to the column's type.
    Table documents = tenant_table({policy("open", Expression::opaque())});
    documents.tenant_column = "teamId";
    documents.tenant_column_type = "integer";
    EXPECT_FALSE(v2::schema_binding({accounts, documents}, documents, kSettings));
    EXPECT_EQ(v2::check_table(documents, RoleCatalog(), kSettings, {accounts, documents})[0].hint,
              "ALTER POLICY open ON public.invoices USING (\"teamId\" = (SELECT "
              "current_setting('app.organization_id', true))::integer);");
}

TEST(IsolationRule, InheritanceParentIsIsolatedOnlyWhenEverythingIsDenied) {
    Table parent;
    parent.schema = "public";
    parent.name = "items";
    parent.tenant_descendants = {"public.tenant_items"};
    parent.row_level_security = false;
    EXPECT_EQ(check(parent), Keys{"parent-exposes-tenant-rows error"});
    parent.row_level_security = true;
    EXPECT_EQ(check(parent), Keys{});
    // A user-scoped policy on the parent still reads the descendants' rows through it.
    parent.policies = {policy("read", Expression::opaque(), std::nullopt, PolicyCommand::Select)};
    const auto findings = v2::check_table(parent, RoleCatalog(), kSettings);
    EXPECT_EQ(keys(findings), Keys{"parent-exposes-tenant-rows SELECT read error"});
    EXPECT_NE(findings[0].message.find("public.tenant_items"), std::string::npos);
    // INSERT into the parent writes only the parent's rows.
    parent.policies = {policy("add", std::nullopt, Expression::opaque(), PolicyCommand::Insert)};
    EXPECT_EQ(check(parent), Keys{});
    // Admin-only policies are the admin path, not an exposure.
    parent.policies = {to_roles(policy("svc", Expression::opaque()), {"service_role"})};
    EXPECT_EQ(check(parent, supabase_roles()), Keys{});
}

TEST(IsolationRuleViews, ViewsWithTheOwnersRightsBypassRls) {
    const std::set<std::string> tenant{"public.invoices"};
    View definer{"public", "invoice_totals", false, false, {"public.invoices"}};
    View invoker{"public", "my_invoices", false, true, {"public.invoices"}};
    View materialized{"public", "invoice_cache", true, false, {"public.invoices"}};
    View unrelated{"public", "plans", false, false, {"public.plans"}};
    const std::vector<View> views{definer, invoker, materialized, unrelated};
    auto finding = v2::check_view(definer, views, tenant);
    ASSERT_TRUE(finding);
    EXPECT_EQ(finding->rule, Rule::ViewBypassesRls);
    EXPECT_EQ(finding->hint, "ALTER VIEW public.invoice_totals SET (security_invoker = true);");
    EXPECT_FALSE(v2::check_view(invoker, views, tenant));
    EXPECT_TRUE(v2::check_view(materialized, views, tenant));
    EXPECT_FALSE(v2::check_view(unrelated, views, tenant));
    // Through another view, even one with security_invoker: the outer view's owner reads it.
    View outer{"public", "report", false, false, {"public.my_invoices"}};
    EXPECT_TRUE(v2::check_view(outer, {definer, invoker, outer}, tenant));
    View outer_invoker{"public", "report", false, true, {"public.my_invoices"}};
    EXPECT_FALSE(v2::check_view(outer_invoker, {invoker, outer_invoker}, tenant));
}

TEST(IsolationRuleVerdict, ReportsGrantingPoliciesInTableOrder) {
    const Table t = tenant_table({policy("b", caller_bound()), policy("a", caller_bound("user_id")),
                                  restrictive(policy("r", caller_bound()))});
    const auto verdict = v2::judge_command(t, Command::Select, RoleCatalog(), kSettings);
    EXPECT_FALSE(verdict.denied);
    ASSERT_EQ(verdict.granting.size(), 2u);
    EXPECT_EQ(verdict.granting[0]->name, "b");
    EXPECT_EQ(verdict.granting[1]->name, "a");
    ASSERT_EQ(verdict.restricting.size(), 1u);
    EXPECT_TRUE(verdict.exposures.empty());
}
