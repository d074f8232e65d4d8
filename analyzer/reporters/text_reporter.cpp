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

// The source line with tabs expanded, and the caret's column in that expanded line.
std::pair<std::string, size_t> displayed_line(std::string_view line, uint32_t column) {
    std::string shown;
    for (char c : line) {
        if (c == '\t') shown += "    ";
        else shown.push_back(c);
    }
    size_t width = 0;
    uint32_t character = 1;
    for (size_t i = 0; i < line.size() && character < column; ++i) {
        unsigned char byte = static_cast<unsigned char>(line[i]);
        if ((byte & 0xC0) == 0x80) continue;
        width += line[i] == '\t' ? 4 : 1;
        ++character;
    }
    return {shown, width};
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
            << palette.bold << " " << finding.message << palette.reset << " [" << finding.rule << "]\n";
        auto [line, caret] = displayed_line(file.line_text(position.line), position.column);
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
