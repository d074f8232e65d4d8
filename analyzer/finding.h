// What every rule produces and every reporter prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rule_id.h"
#include "shared_text.h"

namespace tenant_guard::analyzer {

enum class Level : uint8_t { Off, Warning, Error };

std::string_view level_name(Level level);
std::optional<Level> parse_level(std::string_view text);

// Where in the inputs: a file (index into the analysed files) and a byte offset in it.
struct Location {
    uint32_t file = 0;
    uint32_t offset = 0;
};

inline constexpr uint32_t kNoStatement = UINT32_MAX;

// A long history gives hundreds of thousands of findings: the texts that repeat from finding
// to finding are SharedText, and the small fields are packed first.
struct Finding {
    RuleId rule = RuleId::SyntaxError;  // set by the driver: the rule that gave it
    Level level = Level::Error;         // set by the driver from the registry and the config
    // An isolation finding that an earlier commit already gave, unfixed since: whole-history
    // output shows it once, where it was caused; --changed shows it at every touching commit.
    bool continues_earlier = false;
    Location location;
    uint32_t statement = kNoStatement;  // the top-level statement whose comments may suppress it
    std::string message;
    SharedText hint;
    SharedText table;                    // schema.name, empty where none applies
    SharedText command;                  // SELECT, INSERT, UPDATE or DELETE; empty where none applies
    SharedText policy;                   // empty where none applies
    SharedText suppression_reason;       // set when a suppression comment silenced it
    // Statements that shaped what the finding is about (for --changed): an isolation
    // finding is caused by every statement that touched its table.
    std::vector<uint32_t> touching_statements;
};

}  // namespace tenant_guard::analyzer
