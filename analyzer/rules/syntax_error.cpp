// syntax-error: a statement that the grammar this build parses (grammar.h) rejects.
#include <string>

#include "grammar.h"
#include "rule.h"

namespace tenant_guard::analyzer {

namespace {

// Parser messages can quote the rest of the input ("unterminated quoted string at or near
// ..."): keep them to one short line.
std::string one_line(const std::string& message) {
    std::string line;
    for (char c : message) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        line.push_back(c);
    }
    constexpr size_t kLimit = 160;
    if (line.size() > kLimit) {
        size_t cut = kLimit;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        line = line.substr(0, cut) + "...";
    }
    return line;
}

// The front end finds them; the rule words them.
class Check : public Rule {
public:
    void finish(const FinishInput& input, std::vector<Finding>& findings) override {
        for (const SyntaxError& error : input.facts.syntax_errors) {
            Finding finding;
            finding.location = error.location;
            finding.statement = error.statement;
            finding.message = one_line(error.message);
            if (error.newer_grammar) {
                // Newer syntax: the migration may well run on a newer server, and a checker
                // built on that grammar would read it.
                std::string version = "PostgreSQL " + std::to_string(error.newer_grammar);
                finding.message += " (tenant-guard parses PostgreSQL " TENANT_GUARD_GRAMMAR
                                   "'s grammar; this statement may need " + version + "'s)";
                finding.hint = "the statement does not parse with PostgreSQL " TENANT_GUARD_GRAMMAR
                               "'s parser; if the database runs " + version +
                               " or later, check the migrations with a tenant-guard built on that grammar "
                               "(docs/checker.md); the rest of the file is still checked";
            } else {
                finding.hint = "the statement does not parse with PostgreSQL " TENANT_GUARD_GRAMMAR
                               "'s parser and the migration will fail; the rest of the file is still checked";
            }
            findings.push_back(std::move(finding));
        }
    }
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::SyntaxError>() {
    static const RuleDefinition definition{
        R"(Every file is parsed with libpg_query, PostgreSQL )" TENANT_GUARD_GRAMMAR R"('s own parser. A statement that does
not parse fails the migration, and the checker cannot model it. It is reported at the
parser's position and the exit status is 2; the other statements of the file and the other
files are still checked. psql meta-command lines (\set, \i, \connect, ...) are skipped, and a
statement using a psql :variable is reported as unverifiable-dynamic-sql instead.

Example:
    CREATE TABLE projects (id uuid PRIMARY KEY,);

Fix: correct the statement; the message and the caret show where the parser stopped.)",
        [](const Config&) -> std::unique_ptr<Rule> { return std::make_unique<Check>(); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
