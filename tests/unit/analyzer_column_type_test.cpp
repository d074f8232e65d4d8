// Which ALTER COLUMN ... TYPE conversions keep every value, as PostgreSQL performs them.
#include <gtest/gtest.h>

#include "column_type.h"
#include "frontend.h"
#include "pg_nodes.h"

using namespace tenant_guard::analyzer;

namespace {

// The declared type of the only column of CREATE TABLE t (c <type>).
std::optional<DeclaredType> type_of(const std::string& type) {
    std::optional<DeclaredType> declared;
    std::string error;
    bool parsed = parse_sql_text("CREATE TABLE t (c " + type + ")", [&](const ParsedStatement& statement) {
        const CreateStmt* create = pg::as<CreateStmt>(statement.node);
        if (create) declared = declared_type(pg::as<ColumnDef>(pg::items(create->tableElts).front())->typeName);
    }, error);
    EXPECT_TRUE(parsed) << error;
    return declared;
}

bool lossless(const std::string& from, const std::string& to) {
    std::optional<DeclaredType> old_type = type_of(from), new_type = type_of(to);
    EXPECT_TRUE(old_type && new_type) << from << " -> " << to;
    return old_type && new_type && is_lossless_conversion(*old_type, *new_type);
}

}  // namespace

TEST(ColumnType, ReadsBuiltInTypesWithModifiers) {
    EXPECT_EQ(type_of("integer")->name, "int4");
    EXPECT_EQ(type_of("bigserial")->name, "int8");
    EXPECT_EQ(type_of("DECIMAL(65,30)")->modifiers, (std::vector<int>{65, 30}));
    EXPECT_EQ(type_of("character varying(20)")->name, "varchar");
    EXPECT_TRUE(type_of("int4[]")->array);
    EXPECT_FALSE(type_of("app.money_amount").has_value()) << "a schema's own type is unknown";
}

TEST(ColumnType, IntegerWideningsAreLossless) {
    EXPECT_TRUE(lossless("smallint", "integer"));
    EXPECT_TRUE(lossless("int4", "bigint"));
    EXPECT_TRUE(lossless("integer", "numeric"));
    EXPECT_TRUE(lossless("integer", "DECIMAL(65,30)"));
    EXPECT_TRUE(lossless("smallint", "numeric(5)"));
    EXPECT_TRUE(lossless("integer", "double precision"));
    EXPECT_TRUE(lossless("smallint", "real"));
    EXPECT_TRUE(lossless("int4[]", "int8[]"));
    EXPECT_FALSE(lossless("bigint", "integer"));
    EXPECT_FALSE(lossless("integer", "numeric(9,0)")) << "2147483647 has 10 digits";
    EXPECT_FALSE(lossless("bigint", "numeric(20,2)")) << "18 integer digits for 19";
    EXPECT_FALSE(lossless("integer", "numeric(12,-2)")) << "a negative scale rounds to hundreds";
    EXPECT_FALSE(lossless("integer", "real")) << "24 bits of mantissa";
    EXPECT_FALSE(lossless("bigint", "double precision")) << "53 bits of mantissa";
    EXPECT_FALSE(lossless("integer", "text"));
    EXPECT_FALSE(lossless("int4[]", "int8"));
}

TEST(ColumnType, NumericKeepsItsIntegerDigitsAndScale) {
    EXPECT_TRUE(lossless("numeric(10,2)", "numeric(12,4)"));
    EXPECT_TRUE(lossless("numeric(10,2)", "numeric(12,2)"));
    EXPECT_TRUE(lossless("numeric(10,2)", "numeric"));
    EXPECT_TRUE(lossless("real", "double precision"));
    EXPECT_FALSE(lossless("numeric(10,2)", "numeric(11,4)")) << "8 integer digits become 7";
    EXPECT_FALSE(lossless("numeric(10,2)", "numeric(12,1)")) << "rounds the second decimal";
    EXPECT_FALSE(lossless("numeric", "numeric(30,10)"));
    EXPECT_FALSE(lossless("double precision", "real"));
}

TEST(ColumnType, StringsKeepTheirCharacters) {
    EXPECT_TRUE(lossless("varchar(20)", "varchar(40)"));
    EXPECT_TRUE(lossless("varchar(20)", "text"));
    EXPECT_TRUE(lossless("varchar(20)", "varchar"));
    EXPECT_TRUE(lossless("text", "varchar"));
    EXPECT_TRUE(lossless("text", "text"));
    EXPECT_FALSE(lossless("varchar(40)", "varchar(20)"));
    EXPECT_FALSE(lossless("text", "varchar(255)"));
    EXPECT_FALSE(lossless("char(4)", "text")) << "the conversion strips trailing spaces";
    EXPECT_FALSE(lossless("char(4)", "varchar(10)"));
    EXPECT_FALSE(lossless("varchar(20)", "char(20)"));
}
