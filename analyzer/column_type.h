// A column's declared type as a migration wrote it (name, modifiers, array), and whether
// ALTER COLUMN ... TYPE from one to another, without USING, keeps every value exactly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared_text.h"

struct TypeName;

namespace tenant_guard::analyzer {

struct DeclaredType {
    SharedText name;               // PostgreSQL's internal name: int4, varchar, numeric, ...
    std::vector<int> modifiers;    // varchar(n): {n}; numeric(p,s): {p,s}
    bool array = false;

    bool operator==(const DeclaredType& other) const {
        return name == other.name && modifiers == other.modifiers && array == other.array;
    }
};

// The type a TypeName declares, if it is a built-in one (unqualified or in pg_catalog) with
// integer modifiers; serial types read as the integer type they are. Nothing for anything
// else (a schema's own type or domain, %TYPE, a modifier that is not an integer).
std::optional<DeclaredType> declared_type(const TypeName* type_name);

// Whether converting every value of from to to gives back the same value: the same type, or
// a widening PostgreSQL performs exactly (int2 → int4 → int8 → numeric, exact integers into
// float, float4 → float8, numeric whose integer digits and scale do not shrink, varchar
// (n) → a varchar at least as long, varchar or text). Anything else, char(n) → text
// included (it strips trailing spaces), may lose or change values.
bool is_lossless_conversion(const DeclaredType& from, const DeclaredType& to);

}  // namespace tenant_guard::analyzer
