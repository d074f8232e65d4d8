// GoogleTest for extension/guard_bridge.cpp, the plain-data bridge between the extension and
// core/: it never sees PostgreSQL, so it is compiled here as it is into the extension.
#include "../../extension/guard_bridge.cpp"

#include <gtest/gtest.h>

namespace {

GuardPolicyFacts policy(const char* name, char cmd, bool using_ref, bool has_check, bool check_ref) {
    return GuardPolicyFacts{name, cmd, true, true, using_ref, has_check, check_ref};
}

GuardTableFacts table(const char* schema, const char* name, bool rls,
                      const std::vector<GuardPolicyFacts>& policies) {
    return GuardTableFacts{1, schema, name, "organization_id", rls,
                           static_cast<int>(policies.size()), policies.data()};
}

}  // namespace

TEST(GuardBridge, IsolatedTablesGiveAnEmptyReport) {
    std::vector<GuardPolicyFacts> ps = {policy("tenant", '*', true, false, false)};
    GuardTableFacts t = table("public", "invoices", true, ps);
    GuardReport r;
    ASSERT_TRUE(guard_evaluate(&t, 1, false, &r));
    EXPECT_EQ(r.nfindings, 0u);
    EXPECT_EQ(r.findings, nullptr);
    EXPECT_EQ(r.message, nullptr);
    EXPECT_EQ(r.detail, nullptr);
    EXPECT_EQ(r.hint, nullptr);
    guard_report_free(&r);
    guard_report_free(nullptr);
    ASSERT_TRUE(guard_evaluate(nullptr, 0, false, &r));
    EXPECT_EQ(r.nfindings, 0u);
}

TEST(GuardBridge, OneTableReport) {
    GuardTableFacts t = table("public", "invoices", false, {});
    GuardReport r;
    ASSERT_TRUE(guard_evaluate(&t, 1, true, &r));
    ASSERT_EQ(r.nfindings, 5u);
    EXPECT_STREQ(r.message, "tenant table public.invoices is not isolated by row level security");
    EXPECT_STREQ(r.findings[0].rule, "tenant-table-without-rls");
    EXPECT_EQ(r.findings[0].command, nullptr);
    EXPECT_EQ(r.findings[0].policy, nullptr);
    EXPECT_STREQ(r.findings[0].table_name, "public.invoices");
    EXPECT_STREQ(r.findings[1].command, "SELECT");
    EXPECT_EQ(r.findings[4].table, 0);
    const std::string detail = r.detail;
    EXPECT_EQ(detail.rfind("tenant-table-without-rls: row level security is not enabled on "
                           "tenant table public.invoices\ntenant-table-missing-policy: ", 0),
              0u);
    EXPECT_EQ(std::count(detail.begin(), detail.end(), '\n'), 4);
    const std::string hint = r.hint;
    EXPECT_EQ(hint.rfind(tenant_guard::isolation::hint_intro(true) +
                             "\nALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;\n"
                             "CREATE POLICY tenant_isolation ON public.invoices USING",
                         0),
              0u);
    guard_report_free(&r);
    EXPECT_EQ(r.findings, nullptr);
}

TEST(GuardBridge, SeveralTablesAndPolicyCommands) {
    std::vector<GuardPolicyFacts> open = {policy("open", '*', false, false, false)};
    std::vector<GuardPolicyFacts> per_command = {
        policy("s", 'r', true, false, false), policy("i", 'a', false, true, true),
        policy("u", 'w', true, true, false), policy("d", 'd', true, false, false)};
    std::vector<GuardPolicyFacts> fine = {policy("t", '*', true, false, false)};
    GuardTableFacts ts[] = {table("a", "one", true, open), table("b", "Two", true, per_command),
                            table("c", "fine", true, fine)};
    GuardReport r;
    ASSERT_TRUE(guard_evaluate(ts, 3, false, &r));
    EXPECT_STREQ(r.message, "2 tenant tables are not isolated by row level security");
    ASSERT_EQ(r.nfindings, 5u);  // open: 4 commands; u: UPDATE (WITH CHECK not scoped)
    EXPECT_STREQ(r.findings[0].policy, "open");
    EXPECT_STREQ(r.findings[4].table_name, "b.\"Two\"");
    EXPECT_STREQ(r.findings[4].policy, "u");
    EXPECT_STREQ(r.findings[4].command, "UPDATE");
    EXPECT_EQ(r.findings[4].table, 1);
    EXPECT_EQ(std::string(r.hint),
              "Add these statements to the transaction:\n"
              "ALTER POLICY open ON a.one USING (organization_id = "
              "current_setting('app.organization_id')::uuid);\n"
              "ALTER POLICY u ON b.\"Two\" WITH CHECK (organization_id = "
              "current_setting('app.organization_id')::uuid);");
    guard_report_free(&r);
}

TEST(GuardBridge, RestrictivePolicyFacts) {
    GuardPolicyFacts r1 = policy("tenant_only", '*', true, false, false);
    r1.permissive = false;
    std::vector<GuardPolicyFacts> ps = {policy("open", '*', false, false, false), r1};
    GuardTableFacts t = table("public", "files", true, ps);
    GuardReport r;
    ASSERT_TRUE(guard_evaluate(&t, 1, false, &r));
    EXPECT_EQ(r.nfindings, 0u);
}

TEST(GuardBridge, ExemptSchemas) {
    const char* configured[] = {"staging", "Other"};
    EXPECT_TRUE(guard_is_exempt_schema("pg_catalog", nullptr, 0));
    EXPECT_TRUE(guard_is_exempt_schema("tenant_guard", configured, 2));
    EXPECT_TRUE(guard_is_exempt_schema("Other", configured, 2));
    EXPECT_FALSE(guard_is_exempt_schema("other", configured, 2));
    EXPECT_FALSE(guard_is_exempt_schema("public", configured, 2));
}

TEST(GuardBridge, FindTenantColumn) {
    const char* candidates[] = {"tenant_id", "organization_id"};
    const char* both[] = {"organization_id", "tenant_id"};
    const char* org[] = {"organization_id"};
    EXPECT_EQ(guard_find_tenant_column(both, 2, candidates, 2), 0);
    EXPECT_EQ(guard_find_tenant_column(org, 1, candidates, 2), 1);
    EXPECT_EQ(guard_find_tenant_column(nullptr, 0, candidates, 2), -1);
    EXPECT_EQ(guard_find_tenant_column(org, 1, nullptr, 0), -1);
}
