// libFuzzer target: any bytes given to the checker as a migration file are analysed without
// a crash, every finding points inside the file, and every report format can be written.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "analysis.h"
#include "reporters.h"

using namespace tenant_guard::analyzer;

// libpg_query 15-4.0.0's PL/pgSQL parser keeps a copy of the parser's stderr output that
// nothing frees; not ours to fix.
extern "C" const char* __lsan_default_suppressions() { return "leak:pg_query_raw_parse\n"; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    AnalysisResult result = analyse_texts({{"fuzz.sql", text}});
    for (const auto* findings : {&result.findings, &result.suppressed}) {
        for (const Finding& finding : *findings) {
            if (finding.location.file != 0 || finding.location.offset > size) abort();
            LineColumn position = result.facts.files[0].line_column(finding.location.offset);
            if (position.line < 1 || position.column < 1) abort();
        }
    }
    std::ostringstream sink;
    write_text(result, sink, false);
    write_json(result, sink);
    write_sarif(result, sink);
    write_github(result, sink);
    return 0;
}
