// What `tenant-guard --version` says: the version, the PostgreSQL grammar this build parses (the
// libpg_query it was linked with), and what the build leaves out.
#pragma once

#include <string>

namespace tenant_guard::analyzer {

std::string build_description();

}  // namespace tenant_guard::analyzer
