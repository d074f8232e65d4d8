// Platforms whose migrations assume a schema the migrations never create: the preset is that
// schema, read as a baseline before everything else (its schemas, tables and functions, and
// its roles with their attributes), so that `tenant-guard check --preset supabase
// supabase/migrations` sees what the database guard sees on that platform.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tenant_guard::analyzer {

struct PlatformPreset {
    std::string_view name;
    std::string_view baseline_sql;  // read like a --baseline dump
    std::string_view migration_role;
};

// The preset of that name, if there is one.
std::optional<PlatformPreset> find_preset(std::string_view name);

}  // namespace tenant_guard::analyzer
