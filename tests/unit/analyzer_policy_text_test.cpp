// GoogleTest for analyzer/policy_text: policy expressions as pg_get_expr() prints them under an
// empty search_path (what `tenant-guard audit` reads), reduced to core's description.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "isolation_rule.h"
#include "policy_text.h"

namespace v2 = tenant_guard::isolation::v2;
using tenant_guard::analyzer::PolicyTarget;
using tenant_guard::analyzer::reduce_policy_text;
using tenant_guard::analyzer::ReductionScope;
using tenant_guard::analyzer::ResolvedFunction;
using tenant_guard::analyzer::ResolvedRelation;

namespace {

// The catalog as the audit resolves names: pg_get_expr() qualified everything outside
// pg_catalog, so an unqualified relation is pg_catalog's.
class CatalogScope : public ReductionScope {
public:
    std::optional<ResolvedRelation> relation(const std::string& schema, const std::string& name) const override {
        if (schema == "public" && name == "memberships") return ResolvedRelation{{"organization_id", "user_id"}, false};
        return std::nullopt;
    }
    ResolvedFunction function(const std::string&, std::size_t) const override { return {}; }
};

const PolicyTarget kNotes{"public", "notes", {"id", "organization_id", "user_id"}};

std::optional<v2::Expression> reduce(const std::string& text, std::string& error) {
    static const CatalogScope scope;
    return reduce_policy_text(text, kNotes, scope, error);
}

bool confines(const std::string& text) {
    std::string error;
    auto reduced = reduce(text, error);
    EXPECT_TRUE(reduced) << text << ": " << error;
    return reduced && v2::confines(*reduced, "organization_id", v2::RuleSettings{});
}

}  // namespace

TEST(PolicyText, PrintedSettingComparisonConfines) {
    EXPECT_TRUE(confines("(organization_id = (current_setting('app.organization_id'::text))::uuid)"));
    std::string error;
    auto reduced = reduce("(organization_id = (current_setting('app.organization_id'::text))::uuid)", error);
    ASSERT_TRUE(reduced);
    EXPECT_EQ(reduced->kind, v2::Expression::Kind::Binding);
    EXPECT_EQ(reduced->value, v2::ValueClass::CallerDependent);
    ASSERT_EQ(reduced->columns.size(), 1u);
    EXPECT_EQ(reduced->columns[0], "organization_id");
}

TEST(PolicyText, PrintedMembershipSubqueryConfines) {
    EXPECT_TRUE(confines("(organization_id IN ( SELECT m.organization_id\n   FROM public.memberships m\n"
                         "  WHERE (m.user_id = auth.uid())))"));
}

TEST(PolicyText, PrintedLeaksDoNotConfine) {
    EXPECT_FALSE(confines("true"));
    EXPECT_FALSE(confines("(organization_id IS NOT NULL)"));
    EXPECT_FALSE(confines("(organization_id = organization_id)"));
    EXPECT_FALSE(confines("((organization_id = (current_setting('app.organization_id'::text))::uuid) OR true)"));
    EXPECT_FALSE(confines("(organization_id = '00000000-0000-0000-0000-000000000001'::uuid)"));
}

TEST(PolicyText, TextThatIsNotOneExpressionIsRefused) {
    std::string error;
    EXPECT_FALSE(reduce("true) WITH CHECK (true", error));
    EXPECT_EQ(error, "not a single expression");
    error.clear();
    EXPECT_FALSE(reduce("(organization_id = ", error));
    EXPECT_FALSE(error.empty());
}

TEST(PolicyText, TrailingCommentCannotSwallowTheClause) {
    EXPECT_TRUE(confines("organization_id = (current_setting('app.organization_id'::text))::uuid -- note"));
}
