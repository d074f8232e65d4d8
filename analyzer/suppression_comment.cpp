#include "suppression_comment.h"

#include "rule_id.h"

namespace tenant_guard::analyzer {

namespace {

constexpr std::string_view kMarker = "tenant-guard:";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// Parses the text after "--" of one comment line; false if it is not a tenant-guard comment.
bool parse_directive(std::string_view comment, Suppression& suppression) {
    comment = trim(comment);
    if (comment.substr(0, kMarker.size()) != kMarker) return false;
    comment = trim(comment.substr(kMarker.size()));
    constexpr std::string_view kIgnore = "ignore";
    if (comment.substr(0, kIgnore.size()) != kIgnore ||
        (comment.size() > kIgnore.size() && !is_blank(comment[kIgnore.size()]))) {
        suppression.problem = "tenant-guard comment is not 'ignore <rule>[,<rule>] <reason>'";
        return true;
    }
    comment = trim(comment.substr(kIgnore.size()));
    // Rules are a comma-separated list; spaces after commas are allowed.
    std::vector<std::string_view> names;
    size_t i = 0;
    while (true) {
        size_t begin = i;
        while (i < comment.size() && !is_blank(comment[i]) && comment[i] != ',') ++i;
        if (i > begin) names.push_back(comment.substr(begin, i - begin));
        size_t after = i;
        while (after < comment.size() && is_blank(comment[after])) ++after;
        if (after < comment.size() && comment[after] == ',') {
            i = after + 1;
            while (i < comment.size() && is_blank(comment[i])) ++i;
            continue;
        }
        i = after;
        break;
    }
    suppression.reason = std::string(trim(comment.substr(i)));
    if (names.empty()) {
        suppression.problem = "tenant-guard: ignore names no rule";
    } else {
        for (std::string_view name : names) {
            std::optional<RuleId> rule = find_rule(name);
            if (!rule) {
                suppression.problem = "tenant-guard: ignore names unknown rule '" + std::string(name) + "'";
                break;
            }
            suppression.rules.push_back(*rule);
        }
    }
    if (suppression.problem.empty() && suppression.reason.empty())
        suppression.problem = "tenant-guard: ignore " + std::string(rule_name(suppression.rules.front())) +
                              " has no reason; a suppression must say why";
    return true;
}

}  // namespace

std::vector<Suppression> parse_suppressions(std::string_view text, uint32_t begin, uint32_t end) {
    std::vector<Suppression> found;
    if (end > text.size()) end = static_cast<uint32_t>(text.size());
    if (begin >= end) return found;
    std::string_view region = text.substr(begin, end - begin);
    if (region.find(kMarker) == std::string_view::npos) return found;
    size_t position = 0;
    while ((position = region.find("--", position)) != std::string_view::npos) {
        size_t absolute = begin + position;
        size_t line_start = text.rfind('\n', absolute);
        line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
        bool own_line = true;
        for (size_t j = line_start; j < absolute; ++j)
            if (!is_blank(text[j])) own_line = false;
        size_t line_end = text.find('\n', absolute);
        if (line_end == std::string_view::npos) line_end = text.size();
        if (own_line) {
            Suppression suppression;
            suppression.offset = static_cast<uint32_t>(absolute);
            if (parse_directive(text.substr(absolute + 2, line_end - absolute - 2), suppression))
                found.push_back(std::move(suppression));
        }
        position = line_end - begin;
        if (line_end >= end) break;
    }
    return found;
}

}  // namespace tenant_guard::analyzer
