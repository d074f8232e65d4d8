// GoogleTest for core/isolation_report: each cell of the matrix, and what both renderings say.
#include "isolation_report.h"

#include <gtest/gtest.h>

namespace iso = tenant_guard::isolation;
namespace v2 = tenant_guard::isolation::v2;
using iso::CellState;
using iso::PolicyCommand;
using iso::ReportedTable;
using v2::Policy;

namespace {

// scoped: the expressions bind the tenant column to the caller; else they confine nothing.
Policy policy(std::string name, PolicyCommand command, bool scoped, bool permissive = true) {
    Policy p;
    p.name = std::move(name);
    p.command = command;
    p.permissive = permissive;
    const v2::Expression expression = scoped ? v2::Expression::bind("organization_id", v2::ValueClass::CallerDependent)
                                             : v2::Expression::opaque();
    if (command != PolicyCommand::Insert) p.using_expression = expression;
    if (command == PolicyCommand::Insert) p.with_check_expression = expression;
    return p;
}

ReportedTable table(std::string schema, std::string name, std::vector<Policy> policies, bool rls = true) {
    ReportedTable t;
    t.table.schema = std::move(schema);
    t.table.name = std::move(name);
    t.table.tenant_column = "organization_id";
    t.table.row_level_security = rls;
    t.table.policies = std::move(policies);
    return t;
}

std::vector<CellState> states(const ReportedTable& t) {
    std::vector<CellState> out;
    for (const iso::MatrixCell& cell : iso::matrix_row(t, v2::RoleCatalog(), v2::RuleSettings())) out.push_back(cell.state);
    return out;
}

std::vector<std::string> notes(const iso::MatrixCell& cell) {
    std::vector<std::string> out;
    for (const iso::CellNote& note : cell.notes)
        out.push_back(note.policy + (note.policy.empty() || note.text.empty() ? "" : " ") + note.text);
    return out;
}

std::array<iso::MatrixCell, 4> row_of(const ReportedTable& t) {
    return iso::matrix_row(t, v2::RoleCatalog(), v2::RuleSettings());
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

const std::vector<CellState> kAllIsolated(4, CellState::Isolated);
const std::vector<CellState> kNoneIsolated(4, CellState::NotIsolated);

}  // namespace

TEST(IsolationMatrix, OnePolicyForAllCommandsCoversEveryCell) {
    auto row = row_of(table("public", "invoices", {policy("tenant_isolation", PolicyCommand::All, true)}));
    for (const iso::MatrixCell& cell : row) {
        EXPECT_EQ(cell.state, CellState::Isolated);
        EXPECT_EQ(notes(cell), std::vector<std::string>{"tenant_isolation"});
    }
}

TEST(IsolationMatrix, RowLevelSecurityOffFailsEveryCommand) {
    auto row = row_of(table("public", "invoices", {policy("p", PolicyCommand::All, true)}, false));
    for (const iso::MatrixCell& cell : row) {
        EXPECT_EQ(cell.state, CellState::NotIsolated);
        EXPECT_EQ(notes(cell), std::vector<std::string>{"row level security off"});
    }
}

TEST(IsolationMatrix, EachCommandIsDecidedOnItsOwn) {
    auto t = table("public", "invoices",
                   {policy("read", PolicyCommand::Select, true), policy("Write", PolicyCommand::Insert, true),
                    policy("edit", PolicyCommand::Update, false)});
    auto row = row_of(t);
    EXPECT_EQ(row[0].state, CellState::Isolated);
    EXPECT_EQ(notes(row[0]), std::vector<std::string>{"read"});
    EXPECT_EQ(row[1].state, CellState::Isolated);
    EXPECT_EQ(notes(row[1]), std::vector<std::string>{"\"Write\""});
    EXPECT_EQ(row[2].state, CellState::NotIsolated);
    EXPECT_EQ(notes(row[2]), std::vector<std::string>{"edit not tenant-scoped"});
    // No policy for DELETE: PostgreSQL denies it, which isolates it.
    EXPECT_EQ(row[3].state, CellState::Isolated);
    EXPECT_EQ(notes(row[3]), std::vector<std::string>{"denied"});
}

TEST(IsolationMatrix, ScopedRestrictivePolicyCoversAnOpenPermissiveOne) {
    auto t = table("public", "invoices",
                   {policy("open", PolicyCommand::All, false), policy("tenant", PolicyCommand::All, true, false)});
    EXPECT_EQ(states(t), kAllIsolated);
    EXPECT_EQ(notes(row_of(t)[0]), (std::vector<std::string>{"open", "tenant (restrictive)"}));
}

TEST(IsolationMatrix, ExemptTableIsNotChecked) {
    auto t = table("public", "countries", {}, false);
    t.exemption = iso::Exemption{"reference data", "postgres", "2026-11-29 07:00:00+00"};
    EXPECT_EQ(states(t), std::vector<CellState>(4, CellState::Exempt));
}

TEST(IsolationMatrix, NoPolicyAtAllDeniesEveryCommand) {
    EXPECT_EQ(states(table("public", "invoices", {})), kAllIsolated);
    for (const iso::MatrixCell& cell : row_of(table("public", "invoices", {})))
        EXPECT_EQ(notes(cell), std::vector<std::string>{"denied"});
}

TEST(IsolationMatrix, AnOpenPolicyExposesEveryCommand) {
    EXPECT_EQ(states(table("public", "invoices", {policy("open", PolicyCommand::All, false)})), kNoneIsolated);
}

TEST(IsolationReportMarkdown, SortedRowsSummaryAndSections) {
    iso::ReportInput input;
    input.source = "migrations: db/migrations";
    input.generated_at = "2026-11-29 07:00:00 UTC";
    input.tables.push_back(table("public", "invoices", {}, false));
    input.tables.push_back(table("billing", "plans", {policy("p", PolicyCommand::All, true)}));
    auto exempt = table("public", "countries", {});
    exempt.exemption = iso::Exemption{"reference data", "0003_exempt.sql:2", ""};
    input.tables.push_back(exempt);

    const std::string md = iso::render_markdown(input);
    EXPECT_NE(md.find("3 tenant tables: 1 isolated, 1 not isolated, 1 exempt"), std::string::npos);
    const size_t plans = md.find("| `billing.plans` |"), countries = md.find("| `public.countries` |"),
                 invoices = md.find("| `public.invoices` |");
    ASSERT_NE(plans, std::string::npos);
    ASSERT_NE(countries, std::string::npos);
    ASSERT_NE(invoices, std::string::npos);
    EXPECT_LT(plans, countries);
    EXPECT_LT(countries, invoices);
    EXPECT_NE(md.find("| `billing.plans` | `organization_id` | on | ✅ `p` | ✅ `p` | ✅ `p` | ✅ `p` |"), std::string::npos);
    EXPECT_NE(md.find("| `public.countries` | reference data | 0003_exempt.sql:2 | — |"), std::string::npos);
    EXPECT_NE(md.find("Not known from migration files"), std::string::npos);
}

TEST(IsolationReportMarkdown, UserTextCannotBreakTheTable) {
    iso::ReportInput input;
    auto t = table("public", "a|b", {}, false);
    t.exemption = iso::Exemption{"line one\n| forged | row | _emphasis_ snake_case", "admin", "now"};
    input.tables.push_back(t);
    const std::string md = iso::render_markdown(input);
    EXPECT_NE(md.find("| `public.\"a\\|b\"` |"), std::string::npos);
    EXPECT_NE(md.find("line one \\| forged \\| row \\| \\_emphasis\\_ snake_case"), std::string::npos);
    EXPECT_EQ(md.find("\n| forged"), std::string::npos);
}

TEST(IsolationReportMarkdown, CodeSpanFenceOutgrowsBackticksInNames) {
    iso::ReportInput input;
    input.tables.push_back(table("public", "odd`name", {}, false));
    const std::string md = iso::render_markdown(input);
    EXPECT_NE(md.find("| ``public.\"odd`name\"`` |"), std::string::npos);
    EXPECT_NE(md.find("1 tenant table: 0 isolated, 1 not isolated, 0 exempt"), std::string::npos);
}

TEST(IsolationReportMarkdown, CaveatsComeBeforeTheMatrix) {
    iso::ReportInput input;
    input.caveats.push_back("m.sql:9: EXECUTE runs SQL built at run time <here>");
    const std::string md = iso::render_markdown(input);
    const size_t caveats = md.find("## Caveats\n\n- m.sql:9: EXECUTE runs SQL built at run time \\<here\\>\n");
    ASSERT_NE(caveats, std::string::npos);
    EXPECT_LT(caveats, md.find("## Isolation matrix"));
    const iso::ReportInput without_caveats;
    EXPECT_EQ(iso::render_markdown(without_caveats).find("## Caveats"), std::string::npos);
    EXPECT_NE(iso::render_html(input).find("<li>m.sql:9: EXECUTE runs SQL built at run time &lt;here&gt;</li>"),
              std::string::npos);
}

TEST(IsolationReportMarkdown, OrgKeyCounts) {
    iso::ReportInput input;
    input.org_keys = std::vector<iso::KeyStateCount>{{"active", 12}, {"decrypt-only", 3}, {"destroyed", 0}};
    const std::string md = iso::render_markdown(input);
    EXPECT_NE(md.find("0 tenant tables: 0 isolated"), std::string::npos);
    EXPECT_NE(md.find("No tenant tables."), std::string::npos);
    EXPECT_NE(md.find("| active | 12 |\n| decrypt-only | 3 |\n| destroyed | 0 |"), std::string::npos);
    EXPECT_EQ(md.find("Not known from migration files"), std::string::npos);
}

TEST(IsolationReport, OmittedOrgKeysLeaveNoKeySection) {
    iso::ReportInput input;
    input.omit_org_keys = true;
    const std::string md = iso::render_markdown(input);
    EXPECT_NE(md.find("## Isolation matrix"), std::string::npos);
    EXPECT_EQ(md.find("Organisation keys"), std::string::npos);
    const std::string html = iso::render_html(input);
    EXPECT_EQ(html.find("Organisation keys"), std::string::npos);
    EXPECT_NE(html.find("</body>"), std::string::npos);
    input.omit_org_keys = false;
    EXPECT_NE(iso::render_markdown(input).find("## Organisation keys"), std::string::npos);
}

TEST(IsolationReportHtml, CellsCarryTheirStateAndUserTextIsEscaped) {
    iso::ReportInput input;
    input.source = "database <app>";
    input.tables.push_back(table("public", "invoices", {policy("p", PolicyCommand::Select, true)}));
    auto exempt = table("public", "<script>alert(1)</script>", {});
    exempt.exemption = iso::Exemption{"\"quoted\" & <b>bold</b>", "postgres", "2026-11-29"};
    input.tables.push_back(exempt);

    const std::string html = iso::render_html(input);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("database &lt;app&gt;"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
    input.tables.push_back(table("public", "open", {policy("open", PolicyCommand::All, false)}));
    const std::string with_open = iso::render_html(input);
    EXPECT_EQ(count(with_open, "data-state=\"isolated\""), 4u);  // SELECT granted, the others denied
    EXPECT_EQ(count(with_open, "data-state=\"not-isolated\""), 4u);
    EXPECT_EQ(count(html, "data-state=\"exempt\""), 4u);
    EXPECT_NE(html.find("1 isolated</span> <span class=\"not-isolated\">0 not isolated</span> <span "
                        "class=\"exempt\">1 exempt</span> of 2 tenant tables"),
              std::string::npos);
}
