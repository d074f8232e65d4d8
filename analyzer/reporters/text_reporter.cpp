#include <algorithm>
#include <string>

#include "reporters.h"

namespace tenant_guard::analyzer {

namespace {

struct Palette {
    const char* bold = "";
    const char* red = "";
    const char* yellow = "";
    const char* cyan = "";
    const char* reset = "";
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The source line to print and the caret's display column in it. A very long line (minified
// SQL, a dump on one line) is cut to a window around the caret, found by walking from the
// caret's byte, so that many findings on one huge line cost no more than short lines do.
std::pair<std::string, size_t> displayed_line(std::string_view line, size_t caret_byte) {
    constexpr size_t kLongLine = 320, kBefore = 100, kAfter = 200;
    caret_byte = std::min(caret_byte, line.size());
    size_t begin = caret_byte;
    if (line.size() <= kLongLine) begin = 0;
    for (size_t characters = 0; begin > 0 && characters < kBefore;) {
        --begin;
        if (!is_continuation(line[begin])) ++characters;
    }
    size_t end = line.size() <= kLongLine ? line.size() : caret_byte;
    for (size_t characters = 0; end < line.size() && characters <= kAfter;) {
        ++end;
        while (end < line.size() && is_continuation(line[end])) ++end;
        ++characters;
    }
    std::string shown;
    size_t caret = 0;
    for (size_t i = begin; i < end; ++i) {
        bool tab = line[i] == '\t';
        if (i < caret_byte && !is_continuation(line[i])) caret += tab ? 4 : 1;
        if (tab) shown += "    ";
        else shown.push_back(line[i]);
    }
    return {shown, caret};
}

}  // namespace

void write_text(const AnalysisResult& result, std::ostream& out, bool colour) {
    Palette palette;
    if (colour) palette = {"\033[1m", "\033[1;31m", "\033[1;33m", "\033[36m", "\033[0m"};
    size_t errors = 0, warnings = 0;
    for (const Finding& finding : result.findings) {
        const SourceFile& file = result.facts.files[finding.location.file];
        LineColumn position = file.line_column(finding.location.offset);
        bool is_error = finding.level == Level::Error;
        (is_error ? errors : warnings)++;
        out << palette.bold << file.path() << ":" << position.line << ":" << position.column << ": "
            << (is_error ? palette.red : palette.yellow) << level_name(finding.level) << ":" << palette.reset
            << palette.bold << " " << finding.message << palette.reset << " [" << rule_name(finding.rule) << "]\n";
        auto [line, caret] = displayed_line(file.line_text(position.line),
                                            finding.location.offset - file.line_start(position.line));
        std::string number = std::to_string(position.line);
        std::string gutter(number.size(), ' ');
        out << " " << number << " | " << line << "\n";
        out << " " << gutter << " | " << std::string(caret, ' ') << (is_error ? palette.red : palette.yellow) << "^"
            << palette.reset << "\n";
        if (!finding.hint.empty())
            out << " " << gutter << " = " << palette.cyan << "hint:" << palette.reset << " " << finding.hint << "\n";
    }
    out << result.facts.files.size() << (result.facts.files.size() == 1 ? " file" : " files") << " checked: "
        << errors << (errors == 1 ? " error" : " errors") << ", " << warnings
        << (warnings == 1 ? " warning" : " warnings") << ", " << result.suppressed.size() << " suppressed\n";
}

}  // namespace tenant_guard::analyzer
