// The CLI's version, shown by --version and in SARIF output.
#pragma once

namespace tenant_guard::analyzer {
inline constexpr const char* kTenantGuardVersion = "0.1.0";
}
