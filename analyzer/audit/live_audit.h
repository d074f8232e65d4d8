// tenant-guard audit CONNINFO: core/'s isolation rule (version 2) on a live database's catalog,
// with no extension installed (live_catalog.h reads it), printed as the checker prints
// migration files (text, json, sarif) or as the evidence report (markdown, html).
//
// Where a finding is: the reporters place findings in files, so the audit gives them one
// synthetic file named after the database (postgresql://host:port/database, never a user or
// password), one line a judged relation that has findings ("table public.invoices: ..."), and
// places each finding at the start of its relation's line. JSON and SARIF also carry the
// relation, command and policy as properties.
#pragma once

#include <string>

#include "config.h"

namespace tenant_guard::analyzer {

struct AuditOptions {
    std::string conninfo;
    std::string format = "text";   // text | json | sarif | markdown | html
    std::string fail_on = "error";  // error | warning | never
    std::string output;             // empty: standard output
};

// The exit status as `check` gives it: 0 nothing at or above fail_on, 1 findings, 2 the
// database could not be read (the message on standard error) or the output not written.
int run_audit(const AuditOptions& options, const Config& config, bool colour);

}  // namespace tenant_guard::analyzer
