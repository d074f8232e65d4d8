// The JSON report is written straight into one buffer, in the layout of nlohmann's
// dump(2): building a nlohmann document of thousands of findings first cost more than the
// statement visitor (bench/RESULTS.md, section 4), all of it after the parallel part.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "reporters.h"

namespace tenant_guard::analyzer {

namespace {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) {
    const auto* byte = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = byte + text.size();
    while (byte < end) {
        if (*byte < 0x80) {
            ++byte;
            continue;
        }
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
            return false;
        }
        if (static_cast<size_t>(end - byte) < length || byte[1] < low || byte[1] > high) return false;
        for (size_t i = 2; i < length; ++i)
            if ((byte[i] & 0xC0) != 0x80) return false;
        byte += length;
    }
    return true;
}

// A JSON string as nlohmann's dump(ensure_ascii = false) writes it. Invalid UTF-8 (rare:
// a path or message from a file in another encoding) goes through nlohmann itself, whose
// replacement of bad bytes the report has always had.
void append_string(std::string& out, std::string_view value) {
    if (!is_valid_utf8(value)) {
        out += nlohmann::json(std::string(value)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    // Most of a path or message needs no escape: copy it a run at a time.
    size_t run_begin = 0;
    for (size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) > 0x1F) continue;
        out.append(value, run_begin, i - run_begin);
        run_begin = i + 1;
        switch (c) {
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
                out += hex[static_cast<unsigned char>(c) >> 4];
                out += hex[c & 15];
            }
        }
    }
    out.append(value, run_begin, value.size() - run_begin);
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
    append_member(out, "hint", finding.hint);
    append_nullable_member(out, "table", finding.table.empty() ? nullptr : &finding.table, false);
    append_nullable_member(out, "command", finding.command ? &*finding.command : nullptr, false);
    append_nullable_member(out, "policy", finding.policy ? &*finding.policy : nullptr, !suppressed);
    if (suppressed) append_member(out, "reason", finding.suppression_reason, true);
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
