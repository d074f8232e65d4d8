#include "finding.h"

namespace tenant_guard::analyzer {

std::string_view level_name(Level level) {
    switch (level) {
        case Level::Off: return "off";
        case Level::Warning: return "warning";
        case Level::Error: return "error";
    }
    return "error";
}

std::optional<Level> parse_level(std::string_view text) {
    if (text == "off" || text == "never") return Level::Off;
    if (text == "warning") return Level::Warning;
    if (text == "error") return Level::Error;
    return std::nullopt;
}

}  // namespace tenant_guard::analyzer
