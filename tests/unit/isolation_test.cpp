// GoogleTest for core/isolation: the names both sides of the isolation rule share (the rule
// itself is tested in isolation_rule_test.cpp).
#include "isolation.h"

#include <gtest/gtest.h>

namespace iso = tenant_guard::isolation;
using iso::Command;

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

TEST(IsolationNames, QualifiedName) {
    EXPECT_EQ(iso::qualified_name("public", "invoices"), "public.invoices");
    EXPECT_EQ(iso::qualified_name("Sales", "order"), "\"Sales\".\"order\"");
}

TEST(IsolationWording, HintIntro) {
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
