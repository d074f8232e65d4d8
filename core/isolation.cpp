// What both sides of the isolation rule name alike. Pure C++17: no PostgreSQL here.
#include "isolation.h"

#include <algorithm>
#include <array>

namespace tenant_guard::isolation {
namespace {

// PostgreSQL 15 keywords that quote_identifier() quotes: every category but unreserved
// (generated from parser/kwlist.h; sorted, for binary search).
constexpr std::array<std::string_view, 151> kQuotedKeywords = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable"
};

constexpr std::string_view kBuiltinExemptSchemas[] = {"pg_catalog", "information_schema",
                                                      "pg_toast", "tenant_guard"};

}  // namespace

std::string_view command_name(Command command) {
    switch (command) {
        case Command::Select: return "SELECT";
        case Command::Insert: return "INSERT";
        case Command::Update: return "UPDATE";
        case Command::Delete: return "DELETE";
    }
    return "";
}

std::string quote_identifier(std::string_view id) {
    bool safe = !id.empty() && ((id[0] >= 'a' && id[0] <= 'z') || id[0] == '_');
    for (char ch : id)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) safe = false;
    if (safe && std::binary_search(kQuotedKeywords.begin(), kQuotedKeywords.end(), id))
        safe = false;
    if (safe) return std::string(id);
    std::string out = "\"";
    for (char ch : id) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string qualified_name(std::string_view schema, std::string_view name) {
    return quote_identifier(schema) + "." + quote_identifier(name);
}

std::optional<std::string> find_tenant_column(const std::vector<std::string>& columns,
                                              const std::vector<std::string>& tenant_columns) {
    for (const std::string& candidate : tenant_columns)
        if (std::find(columns.begin(), columns.end(), candidate) != columns.end()) return candidate;
    return std::nullopt;
}

bool is_exempt_schema(std::string_view schema, const std::vector<std::string>& configured) {
    for (std::string_view s : kBuiltinExemptSchemas)
        if (schema == s) return true;
    return std::find(configured.begin(), configured.end(), schema) != configured.end();
}

std::string hint_intro(bool lone_statement) {
    if (lone_statement)
        return "A tenant table must get row level security and its policies in the same "
               "transaction that creates or changes it: run the DDL and these statements "
               "together between BEGIN and COMMIT:";
    return "Add these statements to the transaction:";
}

}  // namespace tenant_guard::isolation
