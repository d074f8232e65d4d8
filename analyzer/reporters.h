// Output formats. Each reporter prints an AnalysisResult and nothing else decides anything.
#pragma once

#include <ostream>

#include "analysis.h"

namespace tenant_guard::analyzer {

// path:line:col: level: message [rule], the source line, a caret, the hint; a summary line.
void write_text(const AnalysisResult& result, std::ostream& out, bool colour);
// {"version": 1, "findings": [...], "suppressed": [...]}
void write_json(const AnalysisResult& result, std::ostream& out);
// SARIF 2.1.0 with rule metadata; suppressed findings carry "suppressions".
void write_sarif(const AnalysisResult& result, std::ostream& out);
// GitHub Actions workflow commands (::error file=...,line=...::message).
void write_github(const AnalysisResult& result, std::ostream& out);

}  // namespace tenant_guard::analyzer
