// run_audit for a build without libpq (cmake -DTENANT_GUARD_AUDIT=OFF, which the static binary
// needs): the subcommand keeps its options and help, and refuses to run, saying where to get a
// tenant-guard that has it, rather than vanishing into an "unknown subcommand".
#include <iostream>

#include "live_audit.h"
#include "version.h"

namespace tenant_guard::analyzer {

int run_audit(const AuditOptions&, const Config&, bool) {
    std::cerr << "tenant-guard: this build of tenant-guard " << kTenantGuardVersion
              << " has no audit: it is built without libpq (the self-contained static binary cannot carry it).\n"
                 "tenant-guard: for tenant-guard audit, install the Debian package tenant-guard or build from "
                 "source (make deps && make cli); see docs/install.md\n";
    return 2;  // as check's usage errors: nothing was judged
}

}  // namespace tenant_guard::analyzer
