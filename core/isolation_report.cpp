// The isolation matrix and its two renderings. Pure C++17: no PostgreSQL here.
#include "isolation_report.h"

#include <algorithm>

namespace tenant_guard::isolation {
namespace {

constexpr const char* kTitle = "Tenant isolation report";
constexpr const char* kOwnersNotKnown =
    "Owners and FORCE are not known from migration files: run `SELECT tenant_guard.report();` "
    "on the database.";
constexpr const char* kNoKeysFromMigrations =
    "Not known from migration files: run `SELECT tenant_guard.report();` on the database.";

struct Row {
    const ReportedTable* table;
    std::string qualified;
    std::array<MatrixCell, 4> cells;
};

struct Matrix {
    std::vector<Row> rows;  // by schema, then name
    size_t isolated = 0;
    size_t not_isolated = 0;
    size_t exempt = 0;
};

Matrix build_matrix(const ReportInput& input) {
    Matrix matrix;
    for (const ReportedTable& table : input.tables)
        matrix.rows.push_back({&table, qualified_name(table.table.schema, table.table.name),
                               matrix_row(table, input.roles, input.settings)});
    std::sort(matrix.rows.begin(), matrix.rows.end(), [](const Row& a, const Row& b) {
        const v2::Table& x = a.table->table;
        const v2::Table& y = b.table->table;
        return x.schema != y.schema ? x.schema < y.schema : x.name < y.name;
    });
    for (const Row& row : matrix.rows) {
        if (row.table->exemption)
            matrix.exempt++;
        else if (std::all_of(row.cells.begin(), row.cells.end(),
                             [](const MatrixCell& c) { return c.state == CellState::Isolated; }))
            matrix.isolated++;
        else
            matrix.not_isolated++;
    }
    return matrix;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

std::string summary_line(const Matrix& matrix) {
    return std::to_string(matrix.rows.size()) + (matrix.rows.size() == 1 ? " tenant table: " : " tenant tables: ") +
           std::to_string(matrix.isolated) + " isolated, " + std::to_string(matrix.not_isolated) +
           " not isolated, " + std::to_string(matrix.exempt) + " exempt";
}

// ---- Markdown ----

bool is_word_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Reasons and sources are user data: nothing in them may end a cell, start markup or break
// the line. An underscore inside a word starts no emphasis, so it stays readable.
std::string markdown_text(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
            continue;
        }
        const bool inside_word = c == '_' && i > 0 && i + 1 < text.size() &&
                                 is_word_character(text[i - 1]) && is_word_character(text[i + 1]);
        if (!inside_word && std::string_view("\\`*_[]<>|#!~").find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

// Identifiers as code spans: no escapes to read, and a fence longer than any backtick run
// inside. A pipe still ends a table cell inside a code span unless escaped.
std::string markdown_code(const std::string& text) {
    size_t longest_run = 0, run = 0;
    std::string body;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest_run = std::max(longest_run, run);
        if (c == '|') body += '\\';
        body += c == '\n' || c == '\r' ? ' ' : c;
    }
    const std::string fence(longest_run + 1, '`');
    const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
    return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string markdown_names(const std::vector<std::string>& names) {
    std::vector<std::string> codes;
    for (const std::string& name : names) codes.push_back(markdown_code(name));
    return join(codes, ", ");
}

std::string markdown_notes(const MatrixCell& cell, const char* separator) {
    std::vector<std::string> notes;
    for (const CellNote& note : cell.notes) {
        std::string out = note.policy.empty() ? "" : markdown_code(note.policy);
        if (!note.text.empty()) out += (out.empty() ? "" : " ") + markdown_text(note.text);
        notes.push_back(out);
    }
    return join(notes, separator);
}

std::string markdown_cell(const MatrixCell& cell) {
    switch (cell.state) {
        case CellState::Isolated: return "✅ " + markdown_notes(cell, ", ");
        case CellState::NotIsolated: return "❌ " + markdown_notes(cell, "; ");
        case CellState::Exempt: break;
    }
    return "➖ exempt";
}

// ---- HTML ----

std::string html_text(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string html_names(const std::vector<std::string>& names) {
    std::vector<std::string> codes;
    for (const std::string& name : names) codes.push_back("<code>" + html_text(name) + "</code>");
    return join(codes, ", ");
}

const char* state_class(CellState state) {
    switch (state) {
        case CellState::Isolated: return "isolated";
        case CellState::Exempt: return "exempt";
        case CellState::NotIsolated: break;
    }
    return "not-isolated";
}

// No script, no external resource: the page opens anywhere, offline, and the Content Security
// Policy makes sure that stays so.
constexpr const char* kHtmlHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tenant isolation report</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 2rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; }
.meta { color: #59636e; margin: 0 0 1rem; }
.summary span { display: inline-block; padding: .2rem .7rem; border-radius: 1rem; margin-right: .4rem; font-weight: 600; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d1d9e0; padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
tbody th { font-weight: 600; white-space: nowrap; }
td.isolated, span.isolated { background: #d1f7d6; color: #0f5323; }
td.not-isolated, span.not-isolated { background: #ffd7d5; color: #82071e; }
td.exempt, span.exempt { background: #eaeef2; color: #59636e; }
td .mark { font-weight: 700; margin-right: .3rem; }
td.command { min-width: 9rem; }
.empty { color: #59636e; font-style: italic; }
</style>
</head>
<body>
)";

}  // namespace

std::array<MatrixCell, 4> matrix_row(const ReportedTable& reported, const v2::RoleCatalog& roles,
                                     const v2::RuleSettings& settings) {
    std::array<MatrixCell, 4> cells;
    if (reported.exemption) {
        for (MatrixCell& cell : cells) cell.state = CellState::Exempt;
        return cells;
    }
    const v2::Table& table = reported.table;
    for (size_t i = 0; i < cells.size(); ++i) {
        MatrixCell& cell = cells[i];
        if (!table.row_level_security) {
            cell.notes.push_back({"", "row level security off"});
            continue;
        }
        const v2::CommandVerdict verdict = v2::judge_command(table, kAllCommands[i], roles, settings);
        for (const v2::CommandVerdict::Exposure& exposure : verdict.exposures)
            cell.notes.push_back({quote_identifier(exposure.policy->name), "not tenant-scoped"});
        if (!cell.notes.empty()) continue;
        cell.state = CellState::Isolated;
        if (verdict.denied) {
            cell.notes.push_back({"", "denied"});
            continue;
        }
        for (const v2::Policy* policy : verdict.granting)
            cell.notes.push_back({quote_identifier(policy->name), ""});
        for (const v2::Policy* policy : verdict.restricting)
            cell.notes.push_back({quote_identifier(policy->name), "(restrictive)"});
    }
    return cells;
}

std::string render_markdown(const ReportInput& input) {
    const Matrix matrix = build_matrix(input);
    std::string out = std::string("# ") + kTitle + "\n\n";
    out += "Source: " + markdown_text(input.source) + "  \n";
    out += "Generated: " + markdown_text(input.generated_at) + "  \n";
    out += summary_line(matrix) + "\n\n";
    if (!input.caveats.empty()) {
        out += "## Caveats\n\n";
        for (const std::string& caveat : input.caveats) out += "- " + markdown_text(caveat) + "\n";
        out += "\n";
    }

    out += "## Isolation matrix\n\n";
    if (matrix.rows.empty()) {
        out += "No tenant tables.\n";
    } else {
        out += "| Table | Tenant column | RLS | SELECT | INSERT | UPDATE | DELETE |\n";
        out += "|---|---|---|---|---|---|---|\n";
        for (const Row& row : matrix.rows) {
            const v2::Table& table = row.table->table;
            out += "| " + markdown_code(row.qualified) + " | " + markdown_code(table.tenant_column) +
                   " | " + (table.row_level_security ? "on" : "off") + " |";
            for (const MatrixCell& cell : row.cells) out += " " + markdown_cell(cell) + " |";
            out += "\n";
        }
    }

    out += "\n## Admin path\n\n";
    const std::vector<std::string> exempt_roles = input.roles.exempt_roles();
    out += "Roles that bypass row level security: " +
           (exempt_roles.empty() ? std::string("none known") : markdown_names(exempt_roles)) + ".\n";
    if (!input.owners_known) out += "\n" + std::string(kOwnersNotKnown) + "\n";
    if (!matrix.rows.empty()) {
        out += "\n| Table | Owner | FORCE | Admin-only policies |\n|---|---|---|---|\n";
        for (const Row& row : matrix.rows) {
            const v2::Evidence e = v2::evidence(row.table->table, input.roles);
            out += "| " + markdown_code(row.qualified) + " | " +
                   (e.owner.empty() ? "—" : markdown_code(e.owner)) + " | " +
                   (e.force_row_level_security ? "on" : "off") + " | " +
                   (e.admin_only_policies.empty() ? "—" : markdown_names(e.admin_only_policies)) + " |\n";
        }
    }

    out += "\n## Exemptions\n\n";
    if (matrix.exempt == 0) {
        out += "None.\n";
    } else {
        out += "| Table | Reason | Exempted by | Exempted at |\n|---|---|---|---|\n";
        for (const Row& row : matrix.rows) {
            if (!row.table->exemption) continue;
            const Exemption& e = *row.table->exemption;
            out += "| " + markdown_code(row.qualified) + " | " + markdown_text(e.reason) + " | " +
                   markdown_text(e.exempted_by) + " | " +
                   (e.exempted_at.empty() ? "—" : markdown_text(e.exempted_at)) + " |\n";
        }
    }

    if (input.omit_org_keys) return out;
    out += "\n## Organisation keys\n\n";
    if (!input.org_keys) {
        out += std::string(kNoKeysFromMigrations) + "\n";
    } else {
        out += "| State | Keys |\n|---|---:|\n";
        for (const KeyStateCount& count : *input.org_keys)
            out += "| " + markdown_text(count.state) + " | " + std::to_string(count.keys) + " |\n";
    }
    return out;
}

std::string render_html(const ReportInput& input) {
    const Matrix matrix = build_matrix(input);
    std::string out = kHtmlHead;
    out += "<h1>" + std::string(kTitle) + "</h1>\n";
    out += "<p class=\"meta\">Source: " + html_text(input.source) + " · Generated: " +
           html_text(input.generated_at) + "</p>\n";
    out += "<p class=\"summary\" id=\"summary\"><span class=\"isolated\">" +
           std::to_string(matrix.isolated) + " isolated</span> <span class=\"not-isolated\">" +
           std::to_string(matrix.not_isolated) + " not isolated</span> <span class=\"exempt\">" +
           std::to_string(matrix.exempt) + " exempt</span> of " +
           std::to_string(matrix.rows.size()) + (matrix.rows.size() == 1 ? " tenant table" : " tenant tables") +
           "</p>\n";
    if (!input.caveats.empty()) {
        out += "<h2>Caveats</h2>\n<ul id=\"caveats\">\n";
        for (const std::string& caveat : input.caveats) out += "<li>" + html_text(caveat) + "</li>\n";
        out += "</ul>\n";
    }

    out += "<h2>Isolation matrix</h2>\n";
    if (matrix.rows.empty()) {
        out += "<p class=\"empty\">No tenant tables.</p>\n";
    } else {
        out += "<table id=\"matrix\">\n<thead><tr><th>Table</th><th>Tenant column</th><th>RLS</th>";
        for (Command command : kAllCommands)
            out += "<th>" + std::string(command_name(command)) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const Row& row : matrix.rows) {
            const v2::Table& table = row.table->table;
            out += "<tr data-table=\"" + html_text(row.qualified) + "\"><th scope=\"row\">" +
                   html_text(row.qualified) + "</th><td>" + html_text(table.tenant_column) + "</td>";
            // An exempted table's row level security is no finding: grey, like its cells.
            const char* rls_class = row.table->exemption ? "exempt"
                                    : table.row_level_security ? "isolated" : "not-isolated";
            out += "<td class=\"" + std::string(rls_class) + "\">" +
                   (table.row_level_security ? "on" : "off") + "</td>";
            for (size_t i = 0; i < row.cells.size(); ++i) {
                const MatrixCell& cell = row.cells[i];
                const char* css = state_class(cell.state);
                out += "<td class=\"command " + std::string(css) + "\" data-command=\"" +
                       std::string(command_name(kAllCommands[i])) + "\" data-state=\"" + css + "\">";
                std::vector<std::string> notes;
                for (const CellNote& note : cell.notes) {
                    std::string note_html = note.policy.empty() ? "" : "<code>" + html_text(note.policy) + "</code>";
                    if (!note.text.empty()) note_html += (note_html.empty() ? "" : " ") + html_text(note.text);
                    notes.push_back(note_html);
                }
                switch (cell.state) {
                    case CellState::Isolated:
                        out += "<span class=\"mark\">✔</span>" + join(notes, ", ");
                        break;
                    case CellState::NotIsolated:
                        out += "<span class=\"mark\">✘</span>" + join(notes, "; ");
                        break;
                    case CellState::Exempt:
                        out += "<span class=\"mark\">–</span>exempt";
                        break;
                }
                out += "</td>";
            }
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }

    out += "<h2>Admin path</h2>\n";
    const std::vector<std::string> exempt_roles = input.roles.exempt_roles();
    out += "<p id=\"exempt-roles\">Roles that bypass row level security: " +
           (exempt_roles.empty() ? std::string("none known") : html_names(exempt_roles)) + ".</p>\n";
    if (!input.owners_known) out += "<p class=\"empty\">" + html_text(kOwnersNotKnown) + "</p>\n";
    if (!matrix.rows.empty()) {
        out += "<table id=\"admin-path\">\n<thead><tr><th>Table</th><th>Owner</th><th>FORCE</th>"
               "<th>Admin-only policies</th></tr></thead>\n<tbody>\n";
        for (const Row& row : matrix.rows) {
            const v2::Evidence e = v2::evidence(row.table->table, input.roles);
            out += "<tr><th scope=\"row\">" + html_text(row.qualified) + "</th><td>" +
                   (e.owner.empty() ? "—" : html_text(e.owner)) + "</td><td>" +
                   (e.force_row_level_security ? "on" : "off") + "</td><td>" +
                   (e.admin_only_policies.empty() ? "—" : html_names(e.admin_only_policies)) +
                   "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }

    out += "<h2>Exemptions</h2>\n";
    if (matrix.exempt == 0) {
        out += "<p class=\"empty\">None.</p>\n";
    } else {
        out += "<table id=\"exemptions\">\n<thead><tr><th>Table</th><th>Reason</th><th>Exempted "
               "by</th><th>Exempted at</th></tr></thead>\n<tbody>\n";
        for (const Row& row : matrix.rows) {
            if (!row.table->exemption) continue;
            const Exemption& e = *row.table->exemption;
            out += "<tr><th scope=\"row\">" + html_text(row.qualified) + "</th><td>" +
                   html_text(e.reason) + "</td><td>" + html_text(e.exempted_by) + "</td><td>" +
                   (e.exempted_at.empty() ? "—" : html_text(e.exempted_at)) + "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }

    if (input.omit_org_keys) {
        // No key section.
    } else if (!input.org_keys) {
        out += "<h2>Organisation keys</h2>\n";
        out += "<p class=\"empty\">Not known from migration files: run <code>SELECT "
               "tenant_guard.report('html');</code> on the database.</p>\n";
    } else {
        out += "<h2>Organisation keys</h2>\n";
        out += "<table id=\"org-keys\">\n<thead><tr><th>State</th><th>Keys</th></tr></thead>\n<tbody>\n";
        for (const KeyStateCount& count : *input.org_keys)
            out += "<tr><th scope=\"row\">" + html_text(count.state) + "</th><td>" +
                   std::to_string(count.keys) + "</td></tr>\n";
        out += "</tbody>\n</table>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace tenant_guard::isolation
