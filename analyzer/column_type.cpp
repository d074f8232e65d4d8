#include "column_type.h"

#include "pg_nodes.h"

namespace tenant_guard::analyzer {

namespace {

// Decimal digits of the largest value of an integer type (32767, 2147483647, 9223372036854775807).
std::optional<int> integer_digits(const SharedText& name) {
    if (name == "int2") return 5;
    if (name == "int4") return 10;
    if (name == "int8") return 19;
    return std::nullopt;
}

// numeric(p, s) holds values below 10^(p - s) with s fractional digits (PostgreSQL 15 allows
// a negative scale, which rounds to tens, hundreds, ...); numeric(p) is numeric(p, 0).
struct NumericLimits {
    int integer_digits;
    int scale;
};

std::optional<NumericLimits> numeric_limits(const std::vector<int>& modifiers) {
    if (modifiers.empty() || modifiers.size() > 2) return std::nullopt;
    int scale = modifiers.size() == 2 ? modifiers[1] : 0;
    return NumericLimits{modifiers[0] - scale, scale};
}

bool numeric_holds(const NumericLimits& from, const std::vector<int>& to_modifiers) {
    if (to_modifiers.empty()) return true;  // numeric without modifiers keeps any value
    std::optional<NumericLimits> to = numeric_limits(to_modifiers);
    return to && to->scale >= from.scale && to->integer_digits >= from.integer_digits;
}

}  // namespace

std::optional<DeclaredType> declared_type(const TypeName* type_name) {
    if (!type_name || type_name->pct_type || type_name->setof) return std::nullopt;
    pg::Items names = pg::items(type_name->names);
    if (names.empty() || names.size() > 2) return std::nullopt;
    if (names.size() == 2 && pg::string_value(names.front()) != "pg_catalog") return std::nullopt;
    DeclaredType type;
    for (const Node* name : names) type.name = pg::string_value(name);
    if (type.name == "smallserial" || type.name == "serial2") type.name = "int2";
    if (type.name == "serial" || type.name == "serial4") type.name = "int4";
    if (type.name == "bigserial" || type.name == "serial8") type.name = "int8";
    for (const Node* modifier : pg::items(type_name->typmods)) {
        const A_Const* constant = pg::as<A_Const>(modifier);
        if (!constant || constant->isnull || !pg::as<Integer>(&constant->val)) return std::nullopt;
        type.modifiers.push_back(constant->val.ival.ival);
    }
    type.array = !pg::items(type_name->arrayBounds).empty();
    return type;
}

bool is_lossless_conversion(const DeclaredType& from, const DeclaredType& to) {
    if (from == to) return true;
    // An array converts element by element: the same rules apply to the elements.
    if (from.array != to.array) return false;
    if (std::optional<int> digits = integer_digits(from.name)) {
        if (std::optional<int> to_digits = integer_digits(to.name)) return *to_digits >= *digits;
        if (to.name == "numeric") return numeric_holds({*digits, 0}, to.modifiers);
        // A float's mantissa holds every integer of 24 (float4) or 53 (float8) bits exactly.
        if (to.name == "float8") return from.name != "int8";
        if (to.name == "float4") return from.name == "int2";
        return false;
    }
    if (from.name == "float4") return to.name == "float8";
    if (from.name == "numeric" && to.name == "numeric") {
        if (from.modifiers.empty()) return to.modifiers.empty();
        std::optional<NumericLimits> limits = numeric_limits(from.modifiers);
        return limits && numeric_holds(*limits, to.modifiers);
    }
    if (from.name == "varchar" || from.name == "text") {
        if (to.name == "text") return true;
        if (to.name != "varchar") return false;
        if (to.modifiers.empty()) return true;  // varchar without a length is text
        return from.name == "varchar" && from.modifiers.size() == 1 && to.modifiers.size() == 1 &&
               to.modifiers[0] >= from.modifiers[0];
    }
    return false;
}

}  // namespace tenant_guard::analyzer
