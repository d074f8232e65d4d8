#include "build_description.h"

#include "grammar.h"
#include "version.h"

// CMake defines TENANT_GUARD_STATIC_BUILD and TENANT_GUARD_HAS_AUDIT for the tenant-guard
// executable only (CMakeLists.txt): the build's options.

namespace tenant_guard::analyzer {

std::string build_description() {
    std::string text = std::string("tenant-guard ") + kTenantGuardVersion + "\n";
    text += "parses PostgreSQL " TENANT_GUARD_GRAMMAR "'s grammar (libpg_query)";
#if TENANT_GUARD_STATIC_BUILD
    text += "\nstatic x86-64 Linux build";
#endif
#if !TENANT_GUARD_HAS_AUDIT
    text += "\nwithout tenant-guard audit (no libpq): see docs/install.md";
#endif
    return text;
}

}  // namespace tenant_guard::analyzer
