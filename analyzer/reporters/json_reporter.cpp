// The JSON report is written straight into one buffer, in the layout of nlohmann's
// dump(2): building a nlohmann document of thousands of findings first cost more than the
// statement visitor (bench/RESULTS.md, section 4), all of it after the parallel part.
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>

#include "reporters.h"

namespace tenant_guard::analyzer {

namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong form, no surrogate,
// nothing above U+10FFFF) that starts at byte, a byte of 0x80 or above; 0 if there is none.
size_t utf8_sequence_length(const unsigned char* byte, const unsigned char* end) {
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the bounds of the second byte
    if (*byte >= 0xC2 && *byte <= 0xDF) length = 2;
    else if (*byte >= 0xE0 && *byte <= 0xEF) {
        length = 3;
        if (*byte == 0xE0) low = 0xA0;
        if (*byte == 0xED) high = 0x9F;
    } else if (*byte >= 0xF0 && *byte <= 0xF4) {
        length = 4;
        if (*byte == 0xF0) low = 0x90;
        if (*byte == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (static_cast<size_t>(end - byte) < length || byte[1] < low || byte[1] > high) return 0;
    for (size_t i = 2; i < length; ++i)
        if ((byte[i] & 0xC0) != 0x80) return 0;
    return length;
}

// The bytes that a JSON string holds as they are: printable ASCII other than '"' and '\\'.
constexpr std::array<bool, 256> kCopiedAsIs = [] {
    std::array<bool, 256> table{};
    for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
    return table;
}();

// A JSON string as nlohmann's dump(ensure_ascii = false) writes it, in one pass that copies
// runs of plain ASCII at once. Invalid UTF-8 (rare: a path or message from a file in another
// encoding) goes through nlohmann itself, whose replacement of bad bytes the report has
// always had: what was written of the string is taken back first.
void append_string(std::string& out, std::string_view value) {
    const size_t string_begin = out.size();
    out += '"';
    const auto* bytes = reinterpret_cast<const unsigned char*>(value.data());
    const auto* end = bytes + value.size();
    const auto* run = bytes;  // the start of what is not written yet
    for (const auto* byte = bytes; byte < end;) {
        if (kCopiedAsIs[*byte]) {
            ++byte;
            continue;
        }
        if (*byte >= 0x80) {
            const size_t length = utf8_sequence_length(byte, end);
            if (length == 0) {
                out.resize(string_begin);
                out += nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                return;
            }
            byte += length;
            continue;
        }
        out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(byte - run));
        switch (*byte) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[*byte >> 4];
                out += hex[*byte & 15];
            }
        }
        run = ++byte;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(end - run));
    out += '"';
}

void append_member(std::string& out, std::string_view key, std::string_view value, bool last = false) {
    out += "      \"";
    out += key;
    out += "\": ";
    append_string(out, value);
    out += last ? "\n" : ",\n";
}

void append_member(std::string& out, std::string_view key, uint32_t value) {
    out += "      \"";
    out += key;
    out += "\": ";
    out += std::to_string(value);
    out += ",\n";
}

void append_nullable_member(std::string& out, std::string_view key, const std::string* value, bool last) {
    if (value) {
        append_member(out, key, *value, last);
        return;
    }
    out += "      \"";
    out += key;
    out += "\": null";
    out += last ? "\n" : ",\n";
}

void append_finding(std::string& out, const AnalysisResult& result, const Finding& finding, bool suppressed) {
    const SourceFile& file = result.facts.files[finding.location.file];
    LineColumn position = file.line_column(finding.location.offset);
    out += "    {\n";
    append_member(out, "rule", rule_name(finding.rule));
    append_member(out, "level", level_name(finding.level));
    append_member(out, "path", file.path());
    append_member(out, "line", position.line);
    append_member(out, "column", position.column);
    append_member(out, "message", finding.message);
    append_member(out, "hint", finding.hint.str());
    append_nullable_member(out, "table", finding.table.empty() ? nullptr : &finding.table.str(), false);
    append_nullable_member(out, "command", finding.command.empty() ? nullptr : &finding.command.str(), false);
    append_nullable_member(out, "policy", finding.policy.empty() ? nullptr : &finding.policy.str(), !suppressed);
    if (suppressed) append_member(out, "reason", finding.suppression_reason.str(), true);
    out += "    }";
}

// The buffer goes to the stream whenever it holds this much: a history of hundreds of
// thousands of findings makes a report of over 100 MB, which need not be in memory at once.
constexpr size_t kFlushBytes = 1u << 20;

void append_findings(std::string& out, std::ostream& stream, const AnalysisResult& result,
                     const std::vector<Finding>& findings, bool suppressed) {
    if (findings.empty()) {
        out += "[]";
        return;
    }
    out += "[\n";
    for (size_t i = 0; i < findings.size(); ++i) {
        append_finding(out, result, findings[i], suppressed);
        out += i + 1 < findings.size() ? ",\n" : "\n";
        if (out.size() >= kFlushBytes) {
            stream.write(out.data(), static_cast<std::streamsize>(out.size()));
            out.clear();
        }
    }
    out += "  ]";
}

}  // namespace

void write_json(const AnalysisResult& result, std::ostream& out) {
    std::string document = "{\n  \"version\": 1,\n  \"findings\": ";
    document.reserve(kFlushBytes + (64u << 10));
    append_findings(document, out, result, result.findings, false);
    document += ",\n  \"suppressed\": ";
    append_findings(document, out, result, result.suppressed, true);
    document += "\n}\n";
    out << document;
}

}  // namespace tenant_guard::analyzer
