// GoogleTest for core/isolation: every branch of the tenant isolation rule and its wording.
#include "isolation.h"

#include <gtest/gtest.h>

namespace iso = tenant_guard::isolation;
using iso::Command;
using iso::Policy;
using iso::PolicyCommand;
using iso::Rule;
using iso::Table;

namespace {

Policy scoped(std::string name, PolicyCommand cmd = PolicyCommand::All) {
    Policy p;
    p.name = std::move(name);
    p.command = cmd;
    p.has_using = cmd != PolicyCommand::Insert;
    p.using_references_tenant_column = p.has_using;
    p.has_with_check = cmd == PolicyCommand::All || cmd == PolicyCommand::Insert ||
                       cmd == PolicyCommand::Update;
    p.with_check_references_tenant_column = p.has_with_check;
    return p;
}

Policy open_using(std::string name, PolicyCommand cmd = PolicyCommand::All) {
    Policy p;
    p.name = std::move(name);
    p.command = cmd;
    p.has_using = true;  // USING (true)
    return p;
}

Table table(std::vector<Policy> policies, bool rls = true) {
    Table t;
    t.schema = "public";
    t.name = "invoices";
    t.tenant_column = "organization_id";
    t.row_level_security = rls;
    t.policies = std::move(policies);
    return t;
}

std::vector<std::string> summary(const std::vector<iso::Finding>& fs) {
    std::vector<std::string> out;
    for (const auto& f : fs) {
        std::string s(iso::rule_name(f.rule));
        if (f.command) s += " " + std::string(iso::command_name(*f.command));
        if (!f.policy.empty()) s += " " + f.policy;
        out.push_back(s);
    }
    return out;
}

const std::string kPred = "organization_id = current_setting('app.organization_id')::uuid";

}  // namespace

TEST(IsolationNames, RuleNames) {
    EXPECT_EQ(iso::rule_name(Rule::TenantTableWithoutRls), "tenant-table-without-rls");
    EXPECT_EQ(iso::rule_name(Rule::TenantTableMissingPolicy), "tenant-table-missing-policy");
    EXPECT_EQ(iso::rule_name(Rule::PolicyNotTenantScoped), "policy-not-tenant-scoped");
    EXPECT_EQ(iso::rule_name(static_cast<Rule>(99)), "");
}

TEST(IsolationNames, CommandNames) {
    EXPECT_EQ(iso::command_name(Command::Select), "SELECT");
    EXPECT_EQ(iso::command_name(Command::Insert), "INSERT");
    EXPECT_EQ(iso::command_name(Command::Update), "UPDATE");
    EXPECT_EQ(iso::command_name(Command::Delete), "DELETE");
    EXPECT_EQ(iso::command_name(static_cast<Command>(99)), "");
}

TEST(IsolationNames, QuoteIdentifierLikePostgres) {
    EXPECT_EQ(iso::quote_identifier("invoices"), "invoices");
    EXPECT_EQ(iso::quote_identifier("_x1"), "_x1");
    EXPECT_EQ(iso::quote_identifier("Invoices"), "\"Invoices\"");
    EXPECT_EQ(iso::quote_identifier("1abc"), "\"1abc\"");
    EXPECT_EQ(iso::quote_identifier("with space"), "\"with space\"");
    EXPECT_EQ(iso::quote_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(iso::quote_identifier(""), "\"\"");
    EXPECT_EQ(iso::quote_identifier("user"), "\"user\"");      // reserved
    EXPECT_EQ(iso::quote_identifier("between"), "\"between\"");  // column-name keyword
    EXPECT_EQ(iso::quote_identifier("left"), "\"left\"");      // type/function-name keyword
    EXPECT_EQ(iso::quote_identifier("all"), "\"all\"");        // first of the list
    EXPECT_EQ(iso::quote_identifier("xmltable"), "\"xmltable\"");  // last of the list
    EXPECT_EQ(iso::quote_identifier("name"), "name");           // unreserved keyword
    EXPECT_EQ(iso::quote_identifier("ünï"), "\"ünï\"");
}

TEST(IsolationNames, QualifiedNameAndPredicate) {
    EXPECT_EQ(iso::qualified_name("public", "invoices"), "public.invoices");
    EXPECT_EQ(iso::qualified_name("Sales", "order"), "\"Sales\".\"order\"");
    EXPECT_EQ(iso::tenant_predicate("organization_id"), kPred);
    EXPECT_EQ(iso::tenant_predicate("Org"),
              "\"Org\" = current_setting('app.organization_id')::uuid");
}

TEST(IsolationScope, AppliesTo) {
    Policy p;
    for (Command c : iso::kAllCommands) {
        p.command = PolicyCommand::All;
        EXPECT_TRUE(iso::applies_to(p, c));
    }
    const std::pair<PolicyCommand, Command> one[] = {{PolicyCommand::Select, Command::Select},
                                                     {PolicyCommand::Insert, Command::Insert},
                                                     {PolicyCommand::Update, Command::Update},
                                                     {PolicyCommand::Delete, Command::Delete}};
    for (auto [pc, own] : one) {
        p.command = pc;
        for (Command c : iso::kAllCommands) EXPECT_EQ(iso::applies_to(p, c), c == own);
    }
    p.command = static_cast<PolicyCommand>(99);
    EXPECT_FALSE(iso::applies_to(p, Command::Select));
}

TEST(IsolationScope, GoverningExpressions) {
    Policy p;
    p.has_using = true;
    p.using_references_tenant_column = true;
    // No WITH CHECK: USING governs all four.
    for (Command c : iso::kAllCommands) EXPECT_TRUE(iso::is_tenant_scoped(p, c));
    // USING (true) WITH CHECK (tenant): only INSERT is scoped.
    p.using_references_tenant_column = false;
    p.has_with_check = true;
    p.with_check_references_tenant_column = true;
    EXPECT_FALSE(iso::is_tenant_scoped(p, Command::Select));
    EXPECT_TRUE(iso::is_tenant_scoped(p, Command::Insert));
    EXPECT_FALSE(iso::is_tenant_scoped(p, Command::Update));
    EXPECT_FALSE(iso::is_tenant_scoped(p, Command::Delete));
    // USING (tenant) WITH CHECK (true): SELECT and DELETE only.
    p.using_references_tenant_column = true;
    p.with_check_references_tenant_column = false;
    EXPECT_TRUE(iso::is_tenant_scoped(p, Command::Select));
    EXPECT_FALSE(iso::is_tenant_scoped(p, Command::Insert));
    EXPECT_FALSE(iso::is_tenant_scoped(p, Command::Update));
    EXPECT_TRUE(iso::is_tenant_scoped(p, Command::Delete));
    // A flag claiming a reference without the expression does not count.
    Policy ghost;
    ghost.using_references_tenant_column = true;
    ghost.with_check_references_tenant_column = true;
    for (Command c : iso::kAllCommands) EXPECT_FALSE(iso::is_tenant_scoped(ghost, c));
    EXPECT_FALSE(iso::is_tenant_scoped(p, static_cast<Command>(99)));
}

TEST(IsolationCheck, IsolatedByOneForAllPolicy) {
    EXPECT_TRUE(iso::check_table(table({scoped("tenant")})).empty());
}

TEST(IsolationCheck, IsolatedByOnePolicyPerCommand) {
    EXPECT_TRUE(iso::check_table(table({scoped("s", PolicyCommand::Select),
                                        scoped("i", PolicyCommand::Insert),
                                        scoped("u", PolicyCommand::Update),
                                        scoped("d", PolicyCommand::Delete)}))
                    .empty());
}

TEST(IsolationCheck, NoRlsNoPolicies) {
    Table t = table({}, false);
    auto fs = iso::check_table(t);
    EXPECT_EQ(summary(fs), (std::vector<std::string>{
                               "tenant-table-without-rls", "tenant-table-missing-policy SELECT",
                               "tenant-table-missing-policy INSERT",
                               "tenant-table-missing-policy UPDATE",
                               "tenant-table-missing-policy DELETE"}));
    EXPECT_FALSE(fs[0].command.has_value());
    EXPECT_EQ(fs[0].message, "row level security is not enabled on tenant table public.invoices");
    EXPECT_EQ(fs[0].hint, "ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;");
    EXPECT_EQ(fs[1].message, "tenant table public.invoices has no permissive policy for SELECT");
    EXPECT_EQ(fs[1].hint, "CREATE POLICY tenant_isolation_select ON public.invoices FOR SELECT "
                          "USING (" + kPred + ");");
    EXPECT_EQ(fs[2].hint, "CREATE POLICY tenant_isolation_insert ON public.invoices FOR INSERT "
                          "WITH CHECK (" + kPred + ");");
    EXPECT_EQ(fs[3].hint, "CREATE POLICY tenant_isolation_update ON public.invoices FOR UPDATE "
                          "USING (" + kPred + ") WITH CHECK (" + kPred + ");");
    EXPECT_EQ(fs[4].hint, "CREATE POLICY tenant_isolation_delete ON public.invoices FOR DELETE "
                          "USING (" + kPred + ");");
    EXPECT_EQ(iso::detail_line(fs[0]),
              "tenant-table-without-rls: row level security is not enabled on tenant table "
              "public.invoices");
    EXPECT_EQ(iso::fix_statements(t, fs),
              (std::vector<std::string>{
                  "ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;",
                  "CREATE POLICY tenant_isolation ON public.invoices USING (" + kPred +
                      ") WITH CHECK (" + kPred + ");"}));
}

TEST(IsolationCheck, RlsWithoutPolicies) {
    auto fs = iso::check_table(table({}));
    EXPECT_EQ(fs.size(), 4u);
    for (const auto& f : fs) EXPECT_EQ(f.rule, Rule::TenantTableMissingPolicy);
}

TEST(IsolationCheck, PoliciesButNoRls) {
    EXPECT_EQ(summary(iso::check_table(table({scoped("tenant")}, false))),
              (std::vector<std::string>{"tenant-table-without-rls"}));
}

TEST(IsolationCheck, SomeCommandsMissing) {
    Table t = table({scoped("s", PolicyCommand::Select), scoped("i", PolicyCommand::Insert)});
    auto fs = iso::check_table(t);
    EXPECT_EQ(summary(fs), (std::vector<std::string>{"tenant-table-missing-policy UPDATE",
                                                     "tenant-table-missing-policy DELETE"}));
    EXPECT_EQ(iso::fix_statements(t, fs),
              (std::vector<std::string>{
                  "CREATE POLICY tenant_isolation_update ON public.invoices FOR UPDATE USING (" +
                      kPred + ") WITH CHECK (" + kPred + ");",
                  "CREATE POLICY tenant_isolation_delete ON public.invoices FOR DELETE USING (" +
                      kPred + ");"}));
}

TEST(IsolationCheck, UsingTrue) {
    Table t = table({open_using("open")});
    auto fs = iso::check_table(t);
    EXPECT_EQ(summary(fs), (std::vector<std::string>{
                               "policy-not-tenant-scoped SELECT open",
                               "policy-not-tenant-scoped INSERT open",
                               "policy-not-tenant-scoped UPDATE open",
                               "policy-not-tenant-scoped DELETE open"}));
    EXPECT_EQ(fs[0].message,
              "policy open on tenant table public.invoices is not tenant-scoped for SELECT: its "
              "USING expression does not reference organization_id");
    EXPECT_EQ(fs[1].message,
              "policy open on tenant table public.invoices is not tenant-scoped for INSERT: it has "
              "no WITH CHECK expression and its USING expression, used in its place, does not "
              "reference organization_id");
    EXPECT_EQ(fs[1].hint, "ALTER POLICY open ON public.invoices USING (" + kPred + ");");
    // Fixing USING fixes the WITH CHECK fallback too: one statement.
    EXPECT_EQ(iso::fix_statements(t, fs),
              (std::vector<std::string>{"ALTER POLICY open ON public.invoices USING (" + kPred +
                                        ");"}));
}

TEST(IsolationCheck, ForAllUsingTrueWithCheckTenant) {
    Policy p = open_using("half");
    p.has_with_check = true;
    p.with_check_references_tenant_column = true;
    Table t = table({p});
    auto fs = iso::check_table(t);
    EXPECT_EQ(summary(fs), (std::vector<std::string>{"policy-not-tenant-scoped SELECT half",
                                                     "policy-not-tenant-scoped UPDATE half",
                                                     "policy-not-tenant-scoped DELETE half"}));
    EXPECT_EQ(fs[1].message,
              "policy half on tenant table public.invoices is not tenant-scoped for UPDATE: its "
              "USING expression does not reference organization_id");
    EXPECT_EQ(iso::fix_statements(t, fs),
              (std::vector<std::string>{"ALTER POLICY half ON public.invoices USING (" + kPred +
                                        ");"}));
}

TEST(IsolationCheck, UsingTenantWithCheckTrue) {
    Policy p = scoped("half");
    p.with_check_references_tenant_column = false;
    Table t = table({p});
    auto fs = iso::check_table(t);
    EXPECT_EQ(summary(fs), (std::vector<std::string>{"policy-not-tenant-scoped INSERT half",
                                                     "policy-not-tenant-scoped UPDATE half"}));
    EXPECT_EQ(fs[0].message,
              "policy half on tenant table public.invoices is not tenant-scoped for INSERT: its "
              "WITH CHECK expression does not reference organization_id");
    EXPECT_EQ(fs[1].message,
              "policy half on tenant table public.invoices is not tenant-scoped for UPDATE: its "
              "WITH CHECK expression does not reference organization_id");
    EXPECT_EQ(iso::fix_statements(t, fs),
              (std::vector<std::string>{"ALTER POLICY half ON public.invoices WITH CHECK (" +
                                        kPred + ");"}));
}

TEST(IsolationCheck, UpdateBothExpressionsWrong) {
    Policy p = open_using("upd", PolicyCommand::Update);
    p.has_with_check = true;
    Table t = table({scoped("s", PolicyCommand::Select), scoped("i", PolicyCommand::Insert), p,
                     scoped("d", PolicyCommand::Delete)});
    auto fs = iso::check_table(t);
    ASSERT_EQ(summary(fs), (std::vector<std::string>{"policy-not-tenant-scoped UPDATE upd"}));
    EXPECT_EQ(fs[0].message,
              "policy upd on tenant table public.invoices is not tenant-scoped for UPDATE: its "
              "USING expression does not reference organization_id and its WITH CHECK expression "
              "does not reference organization_id");
    EXPECT_EQ(fs[0].hint, "ALTER POLICY upd ON public.invoices USING (" + kPred +
                              ") WITH CHECK (" + kPred + ");");
}

TEST(IsolationCheck, MissingExpressions) {
    Policy sel;  // FOR SELECT with no USING at all
    sel.name = "bare_select";
    sel.command = PolicyCommand::Select;
    Policy ins;  // FOR INSERT with no WITH CHECK
    ins.name = "bare_insert";
    ins.command = PolicyCommand::Insert;
    Policy upd;  // FOR UPDATE with neither
    upd.name = "bare_update";
    upd.command = PolicyCommand::Update;
    Table t = table({sel, ins, upd, scoped("d", PolicyCommand::Delete)});
    auto fs = iso::check_table(t);
    ASSERT_EQ(summary(fs), (std::vector<std::string>{
                               "policy-not-tenant-scoped SELECT bare_select",
                               "policy-not-tenant-scoped INSERT bare_insert",
                               "policy-not-tenant-scoped UPDATE bare_update"}));
    EXPECT_NE(fs[0].message.find("it has no USING expression"), std::string::npos);
    EXPECT_NE(fs[1].message.find("it has neither a WITH CHECK nor a USING expression"),
              std::string::npos);
    EXPECT_EQ(fs[1].hint, "ALTER POLICY bare_insert ON public.invoices WITH CHECK (" + kPred +
                              ");");
    EXPECT_NE(fs[2].message.find("UPDATE: it has no USING expression"), std::string::npos);
    EXPECT_EQ(fs[2].hint, "ALTER POLICY bare_update ON public.invoices USING (" + kPred + ");");
}

TEST(IsolationCheck, InsertPolicyWithoutWithCheckButUsingFlag) {
    // An INSERT policy cannot have USING; if a front end says so anyway, WITH CHECK is the fix.
    Policy ins = open_using("ins", PolicyCommand::Insert);
    Table t = table({scoped("s", PolicyCommand::Select), ins, scoped("u", PolicyCommand::Update),
                     scoped("d", PolicyCommand::Delete)});
    auto fs = iso::check_table(t);
    ASSERT_EQ(fs.size(), 1u);
    EXPECT_EQ(fs[0].hint, "ALTER POLICY ins ON public.invoices WITH CHECK (" + kPred + ");");
    EXPECT_EQ(iso::fix_statements(t, fs), (std::vector<std::string>{fs[0].hint}));
}

TEST(IsolationCheck, RestrictiveTenantPolicyScopesOpenPermissive) {
    Policy r = scoped("tenant_only");
    r.permissive = false;
    EXPECT_TRUE(iso::check_table(table({open_using("open"), r})).empty());
}

TEST(IsolationCheck, RestrictiveForOneCommandOnly) {
    Policy r = scoped("tenant_select", PolicyCommand::Select);
    r.permissive = false;
    auto fs = iso::check_table(table({open_using("open"), r}));
    EXPECT_EQ(summary(fs), (std::vector<std::string>{"policy-not-tenant-scoped INSERT open",
                                                     "policy-not-tenant-scoped UPDATE open",
                                                     "policy-not-tenant-scoped DELETE open"}));
}

TEST(IsolationCheck, RestrictiveNotScopedDoesNotHelp) {
    Policy r = open_using("restrict_open");
    r.permissive = false;
    auto fs = iso::check_table(table({open_using("open"), r}));
    EXPECT_EQ(fs.size(), 4u);
    for (const auto& f : fs) EXPECT_EQ(f.policy, "open");
}

TEST(IsolationCheck, RestrictiveAloneIsMissingPermissive) {
    Policy r = scoped("tenant_only");
    r.permissive = false;
    auto fs = iso::check_table(table({r}));
    EXPECT_EQ(fs.size(), 4u);
    for (const auto& f : fs) EXPECT_EQ(f.rule, Rule::TenantTableMissingPolicy);
}

TEST(IsolationCheck, OneOpenPermissiveAmongScopedOnes) {
    // Permissive policies are ORed: one open policy opens the command.
    auto fs = iso::check_table(table({scoped("tenant"), open_using("admin", PolicyCommand::Select)}));
    EXPECT_EQ(summary(fs), (std::vector<std::string>{"policy-not-tenant-scoped SELECT admin"}));
}

TEST(IsolationCheck, QuotedNamesInMessagesAndHints) {
    Table t = table({open_using("Open Policy")}, false);
    t.schema = "Sales";
    t.name = "order";
    t.tenant_column = "OrgId";
    auto fs = iso::check_table(t);
    ASSERT_EQ(fs.size(), 5u);
    EXPECT_EQ(fs[0].message, "row level security is not enabled on tenant table \"Sales\".\"order\"");
    EXPECT_EQ(fs[1].message,
              "policy \"Open Policy\" on tenant table \"Sales\".\"order\" is not tenant-scoped for "
              "SELECT: its USING expression does not reference \"OrgId\"");
    EXPECT_EQ(fs[1].hint, "ALTER POLICY \"Open Policy\" ON \"Sales\".\"order\" USING (\"OrgId\" = "
                          "current_setting('app.organization_id')::uuid);");
}

TEST(IsolationFix, NewPolicyNamesAvoidExistingOnes) {
    Policy r = scoped("tenant_isolation");
    r.permissive = false;
    Policy r2 = scoped("tenant_isolation_2");
    r2.permissive = false;
    Table t = table({r, r2});
    auto fix = iso::fix_statements(t, iso::check_table(t));
    ASSERT_EQ(fix.size(), 1u);
    EXPECT_EQ(fix[0].rfind("CREATE POLICY tenant_isolation_3 ON public.invoices USING", 0), 0u);
    Policy s = scoped("tenant_isolation_select", PolicyCommand::Select);
    s.permissive = false;
    Table t2 = table({s, scoped("i", PolicyCommand::Insert), scoped("u", PolicyCommand::Update),
                      scoped("d", PolicyCommand::Delete)});
    auto fix2 = iso::fix_statements(t2, iso::check_table(t2));
    ASSERT_EQ(fix2.size(), 1u);
    EXPECT_EQ(fix2[0].rfind("CREATE POLICY tenant_isolation_select_2 ON public.invoices FOR SELECT", 0),
              0u);
}

TEST(IsolationFix, MergesAndDeduplicates) {
    Table t = table({open_using("a"), open_using("b", PolicyCommand::Select)}, false);
    auto fs = iso::check_table(t);
    // RLS, then a for 4 commands and b for SELECT.
    EXPECT_EQ(fs.size(), 6u);
    auto doubled = fs;
    doubled.insert(doubled.end(), fs.begin(), fs.end());
    const std::vector<std::string> expected = {
        "ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;",
        "ALTER POLICY a ON public.invoices USING (" + kPred + ");",
        "ALTER POLICY b ON public.invoices USING (" + kPred + ");"};
    EXPECT_EQ(iso::fix_statements(t, fs), expected);
    EXPECT_EQ(iso::fix_statements(t, doubled), expected);
}

TEST(IsolationFix, IgnoresFindingsItCannotPlace) {
    Table t = table({});
    iso::Finding unknown_policy{Rule::PolicyNotTenantScoped, Command::Select, "gone", "", ""};
    iso::Finding no_command{Rule::PolicyNotTenantScoped, std::nullopt, "gone", "", ""};
    iso::Finding missing_no_command{Rule::TenantTableMissingPolicy, std::nullopt, "", "", ""};
    EXPECT_TRUE(iso::fix_statements(t, {unknown_policy, no_command, missing_no_command}).empty());
}

TEST(IsolationWording, SummaryAndHintIntro) {
    EXPECT_EQ(iso::summary_message({"public.a"}),
              "tenant table public.a is not isolated by row level security");
    EXPECT_EQ(iso::summary_message({"public.a", "public.b"}),
              "2 tenant tables are not isolated by row level security");
    EXPECT_EQ(iso::hint_intro(false), "Add these statements to the transaction:");
    EXPECT_NE(iso::hint_intro(true).find("between BEGIN and COMMIT"), std::string::npos);
}

TEST(IsolationTenantTable, FindTenantColumn) {
    const std::vector<std::string> cols = {"id", "tenant_id", "organization_id"};
    EXPECT_EQ(iso::find_tenant_column(cols, {"organization_id"}), "organization_id");
    EXPECT_EQ(iso::find_tenant_column(cols, {"organization_id", "tenant_id"}), "organization_id");
    EXPECT_EQ(iso::find_tenant_column(cols, {"tenant_id", "organization_id"}), "tenant_id");
    EXPECT_EQ(iso::find_tenant_column(cols, {"account_id"}), std::nullopt);
    EXPECT_EQ(iso::find_tenant_column({}, {"organization_id"}), std::nullopt);
    EXPECT_EQ(iso::find_tenant_column(cols, {}), std::nullopt);
    EXPECT_EQ(iso::find_tenant_column({"Organization_Id"}, {"organization_id"}), std::nullopt);
}

TEST(IsolationTenantTable, ExemptSchemas) {
    for (const char* s : {"pg_catalog", "information_schema", "pg_toast", "tenant_guard"})
        EXPECT_TRUE(iso::is_exempt_schema(s, {}));
    EXPECT_FALSE(iso::is_exempt_schema("public", {}));
    EXPECT_TRUE(iso::is_exempt_schema("audit", {"staging", "audit"}));
    EXPECT_FALSE(iso::is_exempt_schema("Audit", {"audit"}));
}
