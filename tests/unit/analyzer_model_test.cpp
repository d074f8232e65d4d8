// The schema model and the statement visitor, driven through analyse_texts(): what the
// model holds after each kind of statement, and the tenant-column reference analysis.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis.h"
#include "evidence_report.h"
#include "schema_model.h"

using namespace tenant_guard::analyzer;

namespace {

AnalysisResult run(const std::string& sql, const Config& config = {}) {
    return analyse_texts({{"m.sql", sql}}, config);
}

const Relation* table(const AnalysisResult& result, const std::string& schema, const std::string& name) {
    return result.model.find(QualifiedName{schema, name});
}

std::vector<std::string> column_names(const Relation* relation) {
    std::vector<std::string> names;
    if (relation)
        for (const Column& column : relation->columns) names.push_back(column.name.str());
    return names;
}

size_t count_rule(const AnalysisResult& result, const std::string& name) {
    std::optional<RuleId> rule = find_rule(name);
    EXPECT_TRUE(rule) << name;
    return static_cast<size_t>(std::count_if(result.findings.begin(), result.findings.end(),
                                             [&](const Finding& f) { return f.rule == rule; }));
}

}  // namespace

TEST(SchemaModel, FoldsIdentifierListsLikePostgres) {
    EXPECT_EQ(fold_identifier_list("App, \"Mixed\"\"Case\" ,public"),
              (std::vector<std::string>{"app", "Mixed\"Case", "public"}));
    EXPECT_EQ(fold_identifier_list("app.\"Orders\"", '.'), (std::vector<std::string>{"app", "Orders"}));
    std::string long_name(70, 'a');
    EXPECT_EQ(fold_identifier_list(long_name).front().size(), 63u);
}

TEST(SchemaModel, SetSearchPathTakesElementsVerbatim) {
    auto result = run("CREATE SCHEMA \"App\"; SET search_path = 'App'; CREATE TABLE t (a int);");
    EXPECT_NE(table(result, "App", "t"), nullptr);
}

TEST(SchemaModel, SetConfigSearchPathFoldsIdentifiers) {
    auto result = run("SELECT set_config('search_path', 'App, public', false); CREATE TABLE t (a int);");
    EXPECT_NE(table(result, "app", "t"), nullptr);
}

TEST(SchemaModel, ColumnsFromLikeInheritsAndStar) {
    auto result = run(
        "CREATE TABLE p (organization_id uuid, a int);"
        "CREATE TABLE c (b int) INHERITS (p);"
        "CREATE TABLE l (LIKE p, z int);"
        "CREATE TABLE s AS SELECT x.*, 1 AS one FROM p x;");
    EXPECT_EQ(column_names(table(result, "public", "c")), (std::vector<std::string>{"organization_id", "a", "b"}));
    EXPECT_EQ(column_names(table(result, "public", "l")), (std::vector<std::string>{"organization_id", "a", "z"}));
    EXPECT_EQ(column_names(table(result, "public", "s")), (std::vector<std::string>{"organization_id", "a", "one"}));
}

TEST(SchemaModel, AddColumnReachesInheritanceChildrenUnlessOnly) {
    auto result = run(
        "CREATE TABLE p (a int); CREATE TABLE c () INHERITS (p);"
        "ALTER TABLE p ADD COLUMN organization_id uuid; ALTER TABLE ONLY p ADD COLUMN only_parent int;");
    EXPECT_EQ(column_names(table(result, "public", "c")), (std::vector<std::string>{"a", "organization_id"}));
}

TEST(SchemaModel, RenameTableAndSetSchemaKeepPolicies) {
    auto result = run(
        "CREATE SCHEMA s; CREATE TABLE t (organization_id uuid);"
        "CREATE POLICY p ON t USING (organization_id = '00000000-0000-0000-0000-000000000000');"
        "ALTER TABLE t RENAME TO u; ALTER TABLE u SET SCHEMA s;");
    const Relation* moved = table(result, "s", "u");
    ASSERT_NE(moved, nullptr);
    ASSERT_EQ(moved->policies.size(), 1u);
    EXPECT_EQ(table(result, "public", "t"), nullptr);
}

TEST(SchemaModel, PoliciesFollowColumnRenames) {
    auto result = run(
        "CREATE TABLE t (org uuid); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY p ON t USING (org = current_setting('app.organization_id')::uuid);"
        "ALTER TABLE t RENAME COLUMN org TO organization_id;");
    EXPECT_EQ(result.findings.size(), 0u) << "the binding follows the rename, as the policy's Var does";
}

TEST(SchemaModel, DropSchemaCascadeDropsItsTables) {
    auto result = run("CREATE SCHEMA s; CREATE TABLE s.t (organization_id uuid); DROP SCHEMA s CASCADE;");
    EXPECT_EQ(table(result, "s", "t"), nullptr);
    EXPECT_EQ(count_rule(result, "tenant-table-without-rls"), 0u);
    EXPECT_EQ(count_rule(result, "unapproved-destructive-change"), 0u) << "created by the same file";
}

TEST(PolicyExpression, UnqualifiedNameInSubqueryBindsToKnownInnerTable) {
    auto result = run(
        "CREATE TABLE m (user_id uuid, organization_id uuid);"
        "CREATE TABLE d (organization_id uuid); ALTER TABLE d ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY p ON d USING (EXISTS (SELECT 1 FROM m WHERE organization_id = m.organization_id));");
    const Relation* d = table(result, "public", "d");
    ASSERT_NE(d, nullptr);
    ASSERT_EQ(d->policies.size(), 1u);
    EXPECT_TRUE(d->policies[0].using_expression->table_columns.empty());
}

TEST(PolicyExpression, UnknownInnerTableLeavesTheNameToThePolicyTable) {
    auto result = run(
        "CREATE TABLE d (organization_id uuid); ALTER TABLE d ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY p ON d USING (EXISTS (SELECT 1 FROM unknown_table u WHERE u.x = organization_id));");
    EXPECT_EQ(table(result, "public", "d")->policies[0].using_expression->table_columns,
              (std::vector<std::string>{"organization_id"}));
}

TEST(PolicyExpression, QualifiedByTableNameAndShadowedByAlias) {
    auto result = run(
        "CREATE TABLE d (organization_id uuid);"
        "CREATE POLICY a ON d USING (public.d.organization_id IS NOT NULL);"
        "CREATE POLICY b ON d USING (EXISTS (SELECT 1 FROM other d WHERE d.organization_id = 1));");
    const Relation* d = table(result, "public", "d");
    EXPECT_EQ(d->policies[0].using_expression->table_columns, (std::vector<std::string>{"organization_id"}));
    EXPECT_TRUE(d->policies[1].using_expression->table_columns.empty()) << "d is the subquery's alias there";
}

// An operator chain is as deep as it is long: walked recursively, 300,000 terms overflow
// the stack.
TEST(PolicyExpression, ChainsFarDeeperThanAStackAreWalked) {
    std::string sum = "1";
    for (int i = 0; i < 300000; ++i) sum += "+1";
    auto result = run("CREATE TABLE d (organization_id int);"
                      "CREATE POLICY p ON d USING (organization_id = " + sum + " AND EXISTS (SELECT 1 FROM d x WHERE x.organization_id = " +
                      sum + "));");
    const Relation* d = table(result, "public", "d");
    ASSERT_NE(d, nullptr);
    ASSERT_EQ(d->policies.size(), 1u);
    EXPECT_EQ(d->policies[0].using_expression->table_columns, (std::vector<std::string>{"organization_id"}));
}

TEST(Parsing, StatementsFarDeeperThanAStackAreRead) {
    std::string sum = "1";
    for (int i = 0; i < 300000; ++i) sum += "+1";
    auto result = run("SELECT " + sum + "; CREATE TABLE after_it (id int);");
    EXPECT_NE(table(result, "public", "after_it"), nullptr);
    EXPECT_TRUE(result.findings.empty());
}

TEST(DoBlocks, StaticDdlIsModelledAndBuiltSqlReported) {
    auto result = run(
        "DO $$ BEGIN CREATE TABLE t (organization_id uuid); "
        "EXECUTE 'ALTER TABLE t ENABLE ROW LEVEL SECURITY'; "
        "EXECUTE format('DROP TABLE %I', 'x'); END $$;");
    const Relation* t = table(result, "public", "t");
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->row_level_security);
    EXPECT_EQ(count_rule(result, "unverifiable-dynamic-sql"), 1u);
}

TEST(FunctionBodies, OnlyExecuteThatBuildsDdlIsReported) {
    auto result = run(
        "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        "ExEcUtE 'alter TABLE t ENABLE row\n level\tSECURITY'; "
        "EXECUTE 'SELECT ' || 'created_at, dropped, row_level_security FROM x'; "
        "EXECUTE format('INSERT INTO %I VALUES (1)', 'grants'); "
        "PERFORM 1; END $$;"
        "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
        "EXECUTE 'UPDATE t SET x = ''Row  Level  Security'''; END $$;"
        "CREATE FUNCTION h() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DROP TABLE t; END $$;");
    EXPECT_EQ(count_rule(result, "unverifiable-dynamic-sql"), 2u);
}

TEST(Driver, SuppressionNeedsAReason) {
    auto later = analyse_texts({{"1.sql", "CREATE TABLE x (a int);"},
                                {"2.sql", "-- tenant-guard: ignore unapproved-destructive-change\nDROP TABLE x;\n"
                                          "-- tenant-guard: ignore unapproved-destructive-change archived\nDROP TABLE y;"}});
    EXPECT_EQ(count_rule(later, "invalid-suppression"), 1u);
    EXPECT_EQ(count_rule(later, "unapproved-destructive-change"), 1u);
    ASSERT_EQ(later.suppressed.size(), 1u);
    EXPECT_EQ(later.suppressed[0].suppression_reason, "archived");
}

TEST(Driver, PositionsAreInCharactersAfterMultibyteText) {
    auto result = analyse_texts({{"u.sql", "-- ünïcödé\nCREATE TABLE \"tëst\" (organization_id uuid);"}});
    ASSERT_FALSE(result.findings.empty());
    LineColumn position = result.facts.files[0].line_column(result.findings[0].location.offset);
    EXPECT_EQ(position.line, 2u);
    EXPECT_EQ(position.column, 14u);
}

TEST(Driver, GarbageNeverCrashes) {
    std::string garbage;
    for (int i = 0; i < 4000; ++i) garbage += static_cast<char>((i * 7919) % 256);
    std::string deep = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')') + ";";
    auto result = analyse_texts({{"g.sql", garbage}, {"d.sql", deep}, {"e.sql", "DO $$ $$;"},
                                 {"q.sql", "CREATE POLICY p ON t USING ("}});
    EXPECT_GE(result.facts.files.size(), 4u);
}

TEST(Driver, LargeFilesAreParsedInChunksWithExactPositions) {
    // Above 128 KB a file is parsed in chunks; positions and the model must not notice.
    std::string text;
    int line = 1;
    while (text.size() < 1500000) {
        text += "CREATE TABLE filler_" + std::to_string(line) + " (id bigint, note text DEFAULT ';');\n";
        ++line;
    }
    text += "CREATE TABLE late (id bigint,);\n";
    int late_line = line;
    text += "CREATE TABLE tenant_late (organization_id uuid);\n";
    auto result = analyse_texts({{"big.sql", text}});
    ASSERT_EQ(result.facts.syntax_errors.size(), 1u);
    LineColumn error = result.facts.files[0].line_column(result.facts.syntax_errors[0].location.offset);
    EXPECT_EQ(error.line, static_cast<uint32_t>(late_line));
    EXPECT_EQ(error.column, 30u);
    EXPECT_NE(result.model.find(QualifiedName{"public", "filler_1"}), nullptr);
    EXPECT_NE(result.model.find(QualifiedName{"public", "tenant_late"}), nullptr);
    EXPECT_EQ(result.model.relation_count(), static_cast<size_t>(late_line));  // fillers + tenant_late
    ASSERT_FALSE(result.findings.empty());
    LineColumn tenant = result.facts.files[0].line_column(result.findings.back().location.offset);
    EXPECT_EQ(tenant.line, static_cast<uint32_t>(late_line + 1));
}

TEST(Driver, CopyDataInLargeFilesIsNeverSplitFromItsStatement) {
    // A data dump: every COPY is followed by data lines that a chunk boundary must not orphan.
    std::string text;
    int table = 0;
    while (text.size() < 1500000) {
        std::string name = "t" + std::to_string(table++);
        text += "CREATE TABLE " + name + " (a int, b text);\nCOPY " + name + " (a, b) FROM stdin;\n";
        for (int row = 0; row < 200; ++row) text += std::to_string(row) + "\tsome; text (\n";
        text += "\\.\n";
    }
    auto result = analyse_texts({{"dump.sql", text}});
    EXPECT_EQ(result.facts.syntax_errors.size(), 0u);
    EXPECT_EQ(result.model.relation_count(), static_cast<size_t>(table));
}

TEST(SchemaModel, RevokingAnOptionOfAMembershipKeepsTheMembership) {
    const std::string roles = "CREATE ROLE app; CREATE ROLE worker; GRANT app TO worker WITH ADMIN OPTION;\n";
    auto member_of_app = [](const AnalysisResult& result) {
        const auto& roles = result.model.roles();
        auto worker = roles.find("worker");
        return worker != roles.end() && std::find(worker->second.member_of.begin(), worker->second.member_of.end(),
                                                  "app") != worker->second.member_of.end();
    };
    EXPECT_TRUE(member_of_app(run(roles + "REVOKE ADMIN OPTION FOR app FROM worker;")));
    EXPECT_FALSE(member_of_app(run(roles + "REVOKE app FROM worker;")));
}

TEST(SchemaModel, DetachedPartitionNoLongerFollowsItsParent) {
    auto result = run(
        "CREATE TABLE p (a int) PARTITION BY LIST (a); CREATE TABLE c PARTITION OF p FOR VALUES IN (1);"
        "ALTER TABLE p DETACH PARTITION c; ALTER TABLE p ADD COLUMN organization_id uuid; DROP TABLE p;");
    const Relation* child = table(result, "public", "c");
    ASSERT_NE(child, nullptr) << "a detached partition survives its old parent";
    EXPECT_EQ(column_names(child), (std::vector<std::string>{"a"}));
}

TEST(SchemaModel, DropColumnCascadeDropsThePoliciesThatUseIt) {
    auto result = run(
        "CREATE TABLE t (organization_id uuid, org uuid); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
        "CREATE POLICY uses_org ON t USING (org IS NOT NULL);"
        "CREATE POLICY isolation ON t USING (organization_id = '00000000-0000-0000-0000-000000000000');"
        "ALTER TABLE t DROP COLUMN org CASCADE;");
    const Relation* t = table(result, "public", "t");
    ASSERT_EQ(t->policies.size(), 1u);
    EXPECT_EQ(t->policies[0].name, "isolation");
}

TEST(DoBlocks, PerformOfExemptIsModelled) {
    auto result = run(
        "CREATE TABLE shared_rates (organization_id uuid);"
        "DO $$ BEGIN PERFORM tenant_guard.exempt('public.shared_rates', 'reference data'); END $$;");
    ASSERT_TRUE(table(result, "public", "shared_rates")->exemption);
    EXPECT_EQ(table(result, "public", "shared_rates")->exemption->reason, "reference data");
    EXPECT_TRUE(result.findings.empty());
}

TEST(Exemptions, UnexemptInALaterFileIsDecidedThere) {
    auto result = analyse_texts(
        {{"001.sql", "CREATE TABLE rates (organization_id uuid);\n"
                     "SELECT tenant_guard.exempt('rates', 'shared reference data');"},
         {"002.sql", "SELECT tenant_guard.unexempt('public.rates');"}});
    EXPECT_FALSE(table(result, "public", "rates")->exemption);
    ASSERT_FALSE(result.findings.empty());
    for (const Finding& finding : result.findings) EXPECT_EQ(finding.location.file, 1u) << rule_name(finding.rule);
}

TEST(Exemptions, TheEvidenceReportSaysWhereAnExemptionWasGranted) {
    Config config;
    auto result = analyse_texts(
        {{"001.sql", "CREATE TABLE rates (organization_id uuid);\n"
                     "CREATE TABLE plain (id int);\n"
                     "SELECT tenant_guard.exempt('rates', 'shared reference data');"},
         {"002.sql", "CREATE TABLE invoices (organization_id uuid);"}},
        config);
    const auto report = evidence_report(result, config, "migrations: m", "now");
    ASSERT_EQ(report.tables.size(), 2u);  // plain has no tenant column
    for (const auto& reported : report.tables) {
        if (reported.table.name != "rates") {
            EXPECT_FALSE(reported.exemption);
            continue;
        }
        ASSERT_TRUE(reported.exemption);
        EXPECT_EQ(reported.exemption->reason, "shared reference data");
        EXPECT_EQ(reported.exemption->exempted_by, "001.sql:3");
        EXPECT_EQ(reported.exemption->exempted_at, "");
    }
    EXPECT_FALSE(report.org_keys);
    EXPECT_TRUE(report.caveats.empty());
}

TEST(SchemaModel, TypedTablesFollowTheirCompositeType) {
    auto result = run(
        "CREATE TYPE note_row AS (id bigint, body text);"
        "CREATE TABLE notes OF note_row;"
        "CREATE TABLE notes_old () INHERITS (notes);"
        "ALTER TYPE note_row ADD ATTRIBUTE organization_id uuid CASCADE;"
        "ALTER TYPE note_row RENAME ATTRIBUTE body TO text CASCADE;"
        "ALTER TYPE note_row DROP ATTRIBUTE id;");  // without CASCADE: the type only
    EXPECT_EQ(column_names(table(result, "public", "note_row")),
              (std::vector<std::string>{"text", "organization_id"}));
    EXPECT_EQ(column_names(table(result, "public", "notes")),
              (std::vector<std::string>{"id", "text", "organization_id"}));
    EXPECT_EQ(column_names(table(result, "public", "notes_old")),
              (std::vector<std::string>{"id", "text", "organization_id"}));
    // A type is no table: the tenant column on it alone is nothing to isolate.
    EXPECT_FALSE(table(result, "public", "note_row")->is_table());
}

TEST(SchemaModel, TypedTablesFollowTheirTypesRenameAndSchema) {
    // PostgreSQL keeps a typed table typed by its type under any name: a later ALTER TYPE ...
    // CASCADE under the new name still reaches it.
    auto result = run(
        "CREATE SCHEMA app; CREATE SCHEMA core;"
        "CREATE TYPE note_shape AS (id uuid);"
        "CREATE TABLE notes OF note_shape;"
        "ALTER TYPE note_shape RENAME TO note_row;"
        "ALTER TYPE note_row SET SCHEMA app;"
        "ALTER SCHEMA app RENAME TO lib;"
        "ALTER TYPE lib.note_row ADD ATTRIBUTE organization_id uuid CASCADE;"
        "CREATE TYPE memo_row AS (id uuid);"
        "CREATE TABLE memos (id uuid);"
        "ALTER TABLE memos OF memo_row;"
        "CREATE TABLE drafts OF memo_row;"
        "ALTER TABLE drafts NOT OF;"
        "ALTER TYPE memo_row ADD ATTRIBUTE organization_id uuid CASCADE;");
    EXPECT_EQ(column_names(table(result, "public", "notes")), (std::vector<std::string>{"id", "organization_id"}));
    EXPECT_EQ(column_names(table(result, "public", "memos")), (std::vector<std::string>{"id", "organization_id"}));
    EXPECT_EQ(column_names(table(result, "public", "drafts")), (std::vector<std::string>{"id"}));
    EXPECT_EQ(table(result, "public", "note_shape"), nullptr);
    EXPECT_EQ(count_rule(result, "tenant-table-without-rls"), 2u);
}

TEST(SchemaModel, DropTypeCascadeDropsItsTypedTables) {
    auto result = run(
        "CREATE TYPE kept AS (id uuid); CREATE TABLE a OF kept; DROP TYPE kept;"  // refused: a is typed by it
        "CREATE TYPE gone AS (id uuid); CREATE TABLE b OF gone; DROP TYPE gone CASCADE;");
    EXPECT_NE(table(result, "public", "kept"), nullptr);
    EXPECT_NE(table(result, "public", "a"), nullptr);
    EXPECT_EQ(table(result, "public", "gone"), nullptr);
    EXPECT_EQ(table(result, "public", "b"), nullptr);
}

TEST(Destructive, DropTypeOrAttributeCascadeDestroysTheTypedTablesData) {
    auto result = analyse_texts(
        {{"1.sql", "CREATE TYPE shape AS (id uuid, note text); CREATE TABLE a OF shape; CREATE TABLE b OF shape;"},
         {"2.sql", "ALTER TYPE shape DROP ATTRIBUTE note CASCADE;"},
         {"3.sql", "CREATE TABLE c OF shape;\nDROP TYPE shape CASCADE;"}});
    std::vector<std::string> messages;
    for (const Finding& finding : result.findings)
        if (finding.rule == RuleId::UnapprovedDestructiveChange)
            messages.push_back(result.facts.files[finding.location.file].path() + ": " + finding.message);
    const std::string tail = ", destroys existing data or protection and is not approved";
    EXPECT_EQ(messages, (std::vector<std::string>{
                            "2.sql: ALTER TYPE public.shape DROP ATTRIBUTE note CASCADE, which drops column public.a.note" + tail,
                            "2.sql: ALTER TYPE public.shape DROP ATTRIBUTE note CASCADE, which drops column public.b.note" + tail,
                            "3.sql: DROP TYPE public.shape CASCADE, which drops table public.a" + tail,
                            "3.sql: DROP TYPE public.shape CASCADE, which drops table public.b" + tail}))
        << "c was created by the same file";
}

TEST(SchemaModel, AFunctionTheMigrationCallsRunsItsDdl) {
    // Called once, as PostgreSQL runs it, the function's DDL changes the schema like a DO block's.
    auto result = run(
        "CREATE SCHEMA ops;"
        "CREATE FUNCTION ops.add_a() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE public.a (id int); END $$;"
        "CREATE FUNCTION ops.add_b() RETURNS void LANGUAGE sql AS $$ CREATE TABLE public.b (id int) $$;"
        "CREATE PROCEDURE ops.add_c() LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE public.c (id int); END $$;"
        "CREATE FUNCTION ops.add_d() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE public.d (id int); END $$;"
        "CREATE FUNCTION ops.add_e() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE public.e (id int); END $$;"
        "CREATE FUNCTION ops.again() RETURNS void LANGUAGE sql AS $$ CREATE TABLE IF NOT EXISTS public.f (id int);"
        " SELECT ops.again() $$;"
        "SET search_path = ops, public;"
        "SELECT add_a(); SELECT * FROM ops.add_b(); CALL ops.add_c();"
        "DO $$ BEGIN PERFORM ops.add_d(); END $$;"
        "SELECT ops.add_e() FROM public.a;"  // once per row of a: as many times as a has rows
        "CREATE OR REPLACE FUNCTION ops.add_a() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;"
        "DROP TABLE public.a; SELECT ops.add_a();"
        "SELECT ops.again();"  // calls itself: followed to a bounded depth only
        "CREATE FUNCTION ops.add_g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE public.g (id int); END $$;"
        "ALTER FUNCTION ops.add_g() RENAME TO make_g; ALTER FUNCTION ops.make_g() SET SCHEMA public;"
        "SELECT public.make_g();");
    EXPECT_EQ(table(result, "public", "a"), nullptr) << "replaced by a body without DDL";
    EXPECT_NE(table(result, "public", "b"), nullptr);
    EXPECT_NE(table(result, "public", "c"), nullptr);
    EXPECT_NE(table(result, "public", "d"), nullptr);
    EXPECT_EQ(table(result, "public", "e"), nullptr);
    EXPECT_NE(table(result, "public", "f"), nullptr);
    EXPECT_NE(table(result, "public", "g"), nullptr) << "renamed and moved, then called";
}

TEST(SchemaModel, CreateTableAsExecuteHasThePreparedColumns) {
    auto result = analyse_texts(
        {{"1.sql", "PREPARE shape AS SELECT 1 AS id, NULL::uuid AS organization_id;"
                   "CREATE TABLE notes AS EXECUTE shape; CREATE TABLE named (a, b) AS EXECUTE shape;"},
         {"2.sql", "CREATE TABLE later AS EXECUTE shape;"}});  // another session: no such statement
    EXPECT_EQ(column_names(table(result, "public", "notes")), (std::vector<std::string>{"id", "organization_id"}));
    EXPECT_EQ(column_names(table(result, "public", "named")), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(column_names(table(result, "public", "later")), std::vector<std::string>{});
}

TEST(SchemaModel, DiscardAllAndDeallocateEndWhatTheSessionHeld) {
    auto result = run(
        "CREATE SCHEMA ops; SET search_path = ops; DISCARD ALL; CREATE TABLE after_discard (id int);"
        "PREPARE shape AS SELECT 1 AS id; DEALLOCATE shape; CREATE TABLE deallocated AS EXECUTE shape;"
        "PREPARE shape2 AS SELECT 1 AS id; DEALLOCATE ALL; CREATE TABLE all_gone AS EXECUTE shape2;");
    EXPECT_NE(table(result, "public", "after_discard"), nullptr);
    EXPECT_EQ(column_names(table(result, "public", "deallocated")), std::vector<std::string>{});
    EXPECT_EQ(column_names(table(result, "public", "all_gone")), std::vector<std::string>{});
}

TEST(SchemaModel, DropOwnedTakesTheRolesOutOfPolicies) {
    auto result = run(
        "CREATE ROLE temp_owner; CREATE ROLE app; CREATE TABLE notes (id int, organization_id uuid);"
        "CREATE POLICY only_temp ON notes TO temp_owner USING (true);"
        "CREATE POLICY shared ON notes TO temp_owner, app USING (true);"
        "CREATE POLICY everyone ON notes USING (true);"
        "DROP OWNED BY temp_owner;");
    const Relation* notes = table(result, "public", "notes");
    ASSERT_NE(notes, nullptr);
    std::vector<std::string> policies;
    for (const PolicyState& policy : notes->policies) {
        std::string roles;
        for (const SharedText& role : policy.roles) roles += " " + role.str();
        policies.push_back(policy.name + (policy.to_public ? " PUBLIC" : roles));
    }
    EXPECT_EQ(policies, (std::vector<std::string>{"shared app", "everyone PUBLIC"}));
}

TEST(SchemaModel, RenameAttributeOfATablesRowTypeRenamesItsColumn) {
    auto result = run("CREATE TABLE notes (id bigint, org uuid); ALTER TYPE notes RENAME ATTRIBUTE org TO organization_id;");
    EXPECT_EQ(column_names(table(result, "public", "notes")), (std::vector<std::string>{"id", "organization_id"}));
}
