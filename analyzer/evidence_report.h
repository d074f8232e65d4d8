// tenant-guard report: the isolation matrix of the schema that the migrations leave behind,
// in the form core/ renders for tenant_guard.report() too.
#pragma once

#include <string>

#include "analysis.h"
#include "isolation_report.h"

namespace tenant_guard::analyzer {

// Every tenant table of result.model. An exemption's "by" is the file and line that called
// tenant_guard.exempt(); migration files say nothing of when they ran, nor of keys. Dynamic
// SQL and syntax errors become caveats: the model does not include what they do.
isolation::ReportInput evidence_report(const AnalysisResult& result, const Config& config,
                                       std::string source, std::string generated_at);

}  // namespace tenant_guard::analyzer
