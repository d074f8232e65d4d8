// Evidence for auditors: the isolation matrix (every tenant table against SELECT, INSERT,
// UPDATE and DELETE, with the policies that cover each), the exemptions, and the org-key
// states, as Markdown and as a self-contained HTML page. One renderer for both sources, the
// CLI (migration files) and tenant_guard.report() (a live database), so that the same schema
// gives the same matrix. Each cell is decided by check_table(): the matrix cannot disagree
// with the guard or the checker.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "isolation.h"
#include "isolation_rule.h"

namespace tenant_guard::isolation {

struct Exemption {
    std::string reason;
    std::string exempted_by;  // a role, or the migration file and line that called exempt()
    std::string exempted_at;  // a timestamp; empty where the source does not know it
};

struct ReportedTable {
    v2::Table table;
    std::optional<Exemption> exemption;  // present: exempted, so not checked
};

struct KeyStateCount {
    std::string state;  // active, decrypt-only, destroyed
    std::uint64_t keys = 0;
};

struct ReportInput {
    std::string source;        // one line: what the report was made from
    std::string generated_at;  // UTC timestamp
    std::vector<ReportedTable> tables;  // every tenant table, in any order
    v2::RoleCatalog roles;               // as the source knows them
    v2::RuleSettings settings;
    bool owners_known = false;           // migration files do not say who owns a table
    // What the source could not see, one line each (dynamic SQL in migration files, say):
    // the reader must know where the matrix may be wrong.
    std::vector<std::string> caveats;
    // Absent where the source cannot know them (migration files hold no keys).
    std::optional<std::vector<KeyStateCount>> org_keys;
    // The source is a database whose keys the reader may not see (a role without SELECT on
    // tenant_guard.org_key), or one without the extension: no key section at all, rather than
    // counts that would read as "no keys".
    bool omit_org_keys = false;
};

enum class CellState { Isolated, NotIsolated, Exempt };

// A policy that covers a command, or a reason why the command is not isolated ("denied" for a
// command that no policy grants: isolated, since PostgreSQL refuses it).
struct CellNote {
    std::string policy;  // quoted as SQL would; empty where no policy is meant
    std::string text;    // "(restrictive)", "not tenant-scoped", "no permissive policy", ...
};

// One table and one command.
struct MatrixCell {
    CellState state = CellState::NotIsolated;
    // Isolated: the tenant-scoped policies that govern the command. NotIsolated: what is
    // wrong. Exempt: nothing.
    std::vector<CellNote> notes;
};

// The table's row of the matrix, in kAllCommands order.
std::array<MatrixCell, 4> matrix_row(const ReportedTable& table, const v2::RoleCatalog& roles,
                                     const v2::RuleSettings& settings);

std::string render_markdown(const ReportInput& input);
std::string render_html(const ReportInput& input);

}  // namespace tenant_guard::isolation
