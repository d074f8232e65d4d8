// GoogleTest for extension/guard_bridge.cpp, the plain-data bridge between the extension and
// core/: it never sees PostgreSQL, so it is compiled here as it is into the extension.
#include "../../extension/guard_bridge.cpp"

#include <gtest/gtest.h>

namespace {

const char* const kTenantColumn[] = {"organization_id"};

// A binding of the tenant column to a caller-dependent value, as the guard's reduction gives it.
const GuardExpressionNode kConfining[] = {{'b', 0, 'e', 'c', 1, kTenantColumn, nullptr, 0}};
const GuardExpressionNode kOpaque[] = {{'x', 0, 0, 0, 0, nullptr, nullptr, 0}};
// organization_id = current_org() OR true: an Or node, then its two operands.
const GuardExpressionNode kOrTrue[] = {{'o', 2, 0, 0, 0, nullptr, nullptr, 0},
                                       {'b', 0, 'e', 'c', 1, kTenantColumn, nullptr, 0},
                                       {'x', 0, 0, 0, 0, nullptr, nullptr, 0}};
const GuardExpressionNode kTemp[] = {{'t', 0, 0, 0, 0, nullptr, nullptr, 0}};

// A bridge call's value; a failure fails the test.
template <typename T>
T value(const tenant_guard::Outcome<T>& outcome) {
    EXPECT_TRUE(outcome.ok) << outcome.error.message << ": " << outcome.error.detail;
    return outcome.value;
}

bool evaluated(const tenant_guard::Outcome<GuardReport>& outcome, GuardReport* report) {
    *report = value(outcome);
    return outcome.ok;
}

template <size_t N>
GuardExpressionFacts expression(const GuardExpressionNode (&nodes)[N]) {
    return GuardExpressionFacts{static_cast<int>(N), nodes};
}

GuardPolicyFacts policy(const char* name, char cmd, GuardExpressionFacts using_expression,
                        GuardExpressionFacts with_check = {0, nullptr}) {
    return GuardPolicyFacts{name, cmd, true, true, 0, nullptr, using_expression, with_check};
}

GuardTableFacts table(const char* schema, const char* name, bool rls,
                      const std::vector<GuardPolicyFacts>& policies) {
    GuardTableFacts t{};
    t.relid = 1;
    t.schema = schema;
    t.name = name;
    t.tenant_column = "organization_id";
    t.tenant_column_type = "uuid";
    t.owner = "migrator";
    t.row_level_security = rls;
    t.npolicies = static_cast<int>(policies.size());
    t.policies = policies.data();
    return t;
}

GuardRuleContext no_context() {
    static const char* const identity[] = {"user_id"};
    GuardRuleContext context{};
    context.identity_columns = identity;
    context.nidentity_columns = 1;
    return context;
}

}  // namespace

TEST(GuardBridge, IsolatedTablesGiveAnEmptyReport) {
    std::vector<GuardPolicyFacts> ps = {policy("tenant", '*', expression(kConfining))};
    GuardTableFacts t = table("public", "invoices", true, ps);
    const GuardRuleContext context = no_context();
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(&t, 1, nullptr, 0, &context, false), &r));
    EXPECT_EQ(r.nfindings, 0u);
    EXPECT_EQ(r.findings, nullptr);
    EXPECT_EQ(r.message, nullptr);
    EXPECT_EQ(r.detail, nullptr);
    EXPECT_EQ(r.hint, nullptr);
    guard_report_free(&r);
    guard_report_free(nullptr);
    ASSERT_TRUE(evaluated(guard_evaluate(nullptr, 0, nullptr, 0, &context, false), &r));
    EXPECT_EQ(r.nfindings, 0u);
}

TEST(GuardBridge, OneTableWithoutRowLevelSecurity) {
    GuardTableFacts t = table("public", "invoices", false, {});
    const GuardRuleContext context = no_context();
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(&t, 1, nullptr, 0, &context, true), &r));
    ASSERT_EQ(r.nfindings, 1u);
    EXPECT_STREQ(r.message, "tenant table public.invoices is not isolated by row level security");
    EXPECT_STREQ(r.findings[0].rule, "tenant-table-without-rls");
    EXPECT_TRUE(r.findings[0].error);
    EXPECT_EQ(r.findings[0].command, nullptr);
    EXPECT_EQ(r.findings[0].policy, nullptr);
    EXPECT_STREQ(r.findings[0].table_name, "public.invoices");
    EXPECT_STREQ(r.detail, "tenant-table-without-rls: row level security is not enabled on tenant table "
                           "public.invoices");
    EXPECT_EQ(std::string(r.hint), tenant_guard::isolation::hint_intro(true) +
                                       "\nALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;");
    guard_report_free(&r);
    EXPECT_EQ(r.findings, nullptr);
}

TEST(GuardBridge, DeniedCommandsAreWarningsOnly) {
    std::vector<GuardPolicyFacts> ps = {policy("read", 'r', expression(kConfining))};
    GuardTableFacts t = table("public", "invoices", true, ps);
    const GuardRuleContext context = no_context();
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(&t, 1, nullptr, 0, &context, false), &r));
    ASSERT_EQ(r.nfindings, 3u);  // INSERT, UPDATE, DELETE denied
    for (size_t i = 0; i < r.nfindings; ++i) {
        EXPECT_STREQ(r.findings[i].rule, "tenant-table-missing-policy");
        EXPECT_FALSE(r.findings[i].error);
    }
    EXPECT_EQ(r.message, nullptr) << "nothing refuses the commit";
    guard_report_free(&r);
}

TEST(GuardBridge, ExpressionsArriveInPrefixOrder) {
    std::vector<GuardPolicyFacts> open = {policy("or_true", '*', expression(kOrTrue))};
    std::vector<GuardPolicyFacts> fine = {policy("t", '*', expression(kConfining))};
    std::vector<GuardPolicyFacts> write = {policy("w", '*', expression(kConfining), expression(kOpaque))};
    GuardTableFacts ts[] = {table("a", "one", true, open), table("b", "Two", true, write),
                            table("c", "fine", true, fine)};
    const GuardRuleContext context = no_context();
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(ts, 3, nullptr, 0, &context, false), &r));
    EXPECT_STREQ(r.message, "2 tenant tables are not isolated by row level security");
    ASSERT_EQ(r.nfindings, 6u);  // or_true: 4 commands; w: INSERT and UPDATE (WITH CHECK)
    EXPECT_STREQ(r.findings[0].policy, "or_true");
    EXPECT_STREQ(r.findings[4].table_name, "b.\"Two\"");
    EXPECT_STREQ(r.findings[4].command, "INSERT");
    EXPECT_STREQ(r.findings[5].command, "UPDATE");
    EXPECT_EQ(std::string(r.hint),
              "Add these statements to the transaction:\n"
              "ALTER POLICY or_true ON a.one USING (organization_id = (SELECT "
              "current_setting('app.organization_id', true))::uuid);\n"
              "ALTER POLICY w ON b.\"Two\" WITH CHECK (organization_id = (SELECT "
              "current_setting('app.organization_id', true))::uuid);");
    guard_report_free(&r);
}

TEST(GuardBridge, RolesAndTemporaryObjects) {
    // An open policy for a role that bypasses RLS is the admin path; a restrictive policy on a
    // temporary object covers nothing.
    const char* const service[] = {"service_role"};
    GuardPolicyFacts admin = policy("service", '*', expression(kOpaque));
    admin.to_public = false;
    admin.roles = service;
    admin.nroles = 1;
    GuardPolicyFacts temp = policy("temp", '*', expression(kTemp));
    temp.permissive = false;
    std::vector<GuardPolicyFacts> ps = {admin, policy("tenant", '*', expression(kConfining))};
    GuardTableFacts t = table("public", "invoices", true, ps);
    GuardRuleContext context = no_context();
    const GuardRoleFacts roles[] = {{"service_role", false, true, 0, nullptr}};
    context.roles = roles;
    context.nroles = 1;
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(&t, 1, nullptr, 0, &context, false), &r));
    EXPECT_EQ(r.nfindings, 0u);
    guard_report_free(&r);

    std::vector<GuardPolicyFacts> covered = {policy("open", '*', expression(kOpaque)), temp};
    t = table("public", "invoices", true, covered);
    ASSERT_TRUE(evaluated(guard_evaluate(&t, 1, nullptr, 0, &context, false), &r));
    EXPECT_EQ(r.nfindings, 4u);
    guard_report_free(&r);
}

TEST(GuardBridge, ViewsThroughOtherViews) {
    const char* const reads_table[] = {"public.invoices"};
    const char* const reads_view[] = {"public.totals"};
    const char* const tenant[] = {"public.invoices"};
    const GuardViewFacts views[] = {{10, "public", "totals", false, true, 1, reads_table},
                                    {11, "public", "report", false, false, 1, reads_view}};
    GuardRuleContext context = no_context();
    context.views = views;
    context.nviews = 2;
    context.tenant_tables = tenant;
    context.ntenant_tables = 1;
    const int judged[] = {0, 1};
    GuardReport r;
    ASSERT_TRUE(evaluated(guard_evaluate(nullptr, 0, judged, 2, &context, false), &r));
    ASSERT_EQ(r.nfindings, 1u);
    EXPECT_STREQ(r.findings[0].table_name, "public.report");
    EXPECT_STREQ(r.findings[0].rule, "view-bypasses-rls");
    EXPECT_STREQ(r.message, "view public.report is not isolated by row level security");
    guard_report_free(&r);
}

TEST(GuardBridge, ExemptSchemas) {
    const char* configured[] = {"staging", "Other"};
    EXPECT_TRUE(value(guard_is_exempt_schema("pg_catalog", nullptr, 0)));
    EXPECT_TRUE(value(guard_is_exempt_schema("tenant_guard", configured, 2)));
    EXPECT_TRUE(value(guard_is_exempt_schema("Other", configured, 2)));
    EXPECT_FALSE(value(guard_is_exempt_schema("other", configured, 2)));
    EXPECT_FALSE(value(guard_is_exempt_schema("public", configured, 2)));
}

TEST(GuardBridge, FindTenantColumn) {
    const char* candidates[] = {"tenant_id", "organization_id"};
    const char* both[] = {"organization_id", "tenant_id"};
    const char* org[] = {"organization_id"};
    EXPECT_EQ(value(guard_find_tenant_column(both, 2, candidates, 2)), 0);
    EXPECT_EQ(value(guard_find_tenant_column(org, 1, candidates, 2)), 1);
    EXPECT_EQ(value(guard_find_tenant_column(nullptr, 0, candidates, 2)), -1);
    EXPECT_EQ(value(guard_find_tenant_column(org, 1, nullptr, 0)), -1);
}
