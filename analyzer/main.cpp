// tenant-guard: command line entry point. Parses arguments (CLI11), loads the config,
// runs the analysis or the other subcommands, and maps the outcome to the exit status:
// 0 nothing at or above --fail-on, 1 findings, 2 usage, I/O or syntax errors.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "analysis.h"
#include "build_description.h"
#include "config.h"
#include "isolation_findings.h"
#include "evidence_report.h"
#include "grammar.h"
#include "keygen.h"
#include "master_keys.h"
#include "live_audit.h"
#include "registry.h"
#include "reporters.h"
#include "system_openssl_config.h"

using namespace tenant_guard::analyzer;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitTrouble = 2;

bool colour_wanted() {
    const char* term = std::getenv("TERM");
    return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && !(term && std::string(term) == "dumb");
}

// What check and report share: the inputs and how to read them.
struct ModelArguments {
    std::vector<std::string> paths;
    std::string baseline;
    std::vector<std::string> tenant_columns;
    std::vector<std::string> identity_columns;
    std::string preset;
    std::string transaction_mode;
    std::string config_path;
};

struct CheckArguments : ModelArguments {
    std::vector<std::string> changed;
    std::string format = "text";
    std::string fail_on = "error";
    bool stats = false;
};

// The config file (given, or found upward) with the command line's columns on top. False: the
// config could not be loaded (reported).
bool load_settings(const std::string& config_path, const std::vector<std::string>& tenant_columns,
                   const std::vector<std::string>& identity_columns, Config& config) {
    try {
        if (!config_path.empty()) config = load_config(config_path);
        else if (auto found = find_config_upward()) config = load_config(*found);
    } catch (const std::exception& error) {
        std::cerr << "tenant-guard: " << error.what() << "\n";
        return false;
    }
    if (!tenant_columns.empty()) config.tenant_columns = tenant_columns;
    if (!identity_columns.empty()) config.identity_columns = identity_columns;
    return true;
}

// The config file with the command line on top. False: the config could not be loaded, or the
// preset is unknown (reported).
bool analysis_options(const ModelArguments& arguments, AnalysisOptions& options) {
    if (!load_settings(arguments.config_path, arguments.tenant_columns, arguments.identity_columns,
                       options.config))
        return false;
    if (!arguments.preset.empty() && !apply_preset(options.config, arguments.preset)) {
        std::cerr << "tenant-guard: unknown preset '" << arguments.preset << "' (known: supabase)\n";
        return false;
    }
    if (!arguments.transaction_mode.empty())
        options.config.transaction_mode = *parse_transaction_mode(arguments.transaction_mode);
    options.paths = arguments.paths;
    if (!arguments.baseline.empty()) options.baseline = arguments.baseline;
    return true;
}

void add_model_options(CLI::App& command, ModelArguments& arguments) {
    command.add_option("PATH", arguments.paths, "files, or folders read recursively for *.sql, in path order")
        ->required();
    command.add_option("--baseline", arguments.baseline,
                       "a schema dump (pg_dump --schema-only) applied before the migrations");
    command.add_option("--tenant-column", arguments.tenant_columns,
                       "tenant column name, exact (repeatable); default organization_id")
        ->allow_extra_args(false);
    command.add_option("--identity-column", arguments.identity_columns,
                       "a column that confines rows to a caller like the tenant column (repeatable); default user_id")
        ->allow_extra_args(false);
    command.add_option("--preset", arguments.preset, "a platform's roles and schemas: supabase")
        ->check(CLI::IsMember({"supabase"}));
    command.add_option("--transaction-mode", arguments.transaction_mode,
                       "how the migration tool sends a file: auto (default) | transaction | simple-query | statements")
        ->check(CLI::IsMember({"auto", "transaction", "simple-query", "statements"}));
    command.add_option("--config", arguments.config_path,
                       "config file; default: .tenant-guard.toml found upward from the current folder");
}

// The analysis of a long history is millions of small allocations: freeing them one by one
// took 0.27 s of a 2.2 s check of the generated 51 MB history (bench/RESULTS.md 6.3). Each
// command analyses once and the process then ends, so the result is left to the kernel; held
// by a static pointer, it stays reachable (LeakSanitizer does not count it as a leak).
const AnalysisResult& analyse_for_this_process(const AnalysisOptions& options) {
    static const AnalysisResult* result = nullptr;
    result = new AnalysisResult(analyse(options));
    return *result;
}

bool has_syntax_error(const AnalysisResult& result) {
    for (const Finding& finding : result.findings)
        if (finding.rule == RuleId::SyntaxError) return true;
    return false;
}

int run_check(const CheckArguments& arguments) {
    AnalysisOptions options;
    if (!analysis_options(arguments, options))
        return kExitTrouble;
    options.changed = arguments.changed;
    options.keep_source_text = arguments.format == "text";

    auto started = std::chrono::steady_clock::now();
    const AnalysisResult& result = analyse_for_this_process(options);
    if (arguments.stats) {
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        size_t bytes = 0;
        for (size_t file = 0; file < result.facts.files.size(); ++file) bytes += result.facts.files[file].size();
        std::cerr << "tenant-guard: " << result.facts.files.size() << " files, " << bytes << " bytes, "
                  << result.facts.statements.size() << " statements (" << result.facts.parsed_statements
                  << " modelled, with DO-block statements), " << result.facts.syntax_errors.size()
                  << " syntax errors, " << result.model.relation_count() << " relations, " << std::fixed
                  << std::setprecision(3) << seconds << " s, " << std::setprecision(1)
                  << (seconds > 0 ? bytes / seconds / 1e6 : 0.0) << " MB/s\n";
    }
    for (const std::string& error : result.errors) std::cerr << "tenant-guard: " << error << "\n";
    if (std::string warning = no_tenant_table_warning(result.model, options.config); !warning.empty())
        std::cerr << "tenant-guard: warning: " << warning << "\n";

    if (arguments.format == "json") write_json(result, std::cout);
    else if (arguments.format == "sarif") write_sarif(result, std::cout);
    else if (arguments.format == "github") write_github(result, std::cout);
    else write_text(result, std::cout, colour_wanted());
    std::cout.flush();

    if (!result.errors.empty() || has_syntax_error(result)) return kExitTrouble;
    Level threshold = arguments.fail_on == "warning" ? Level::Warning : Level::Error;
    if (arguments.fail_on == "never") return kExitClean;
    for (const Finding& finding : result.findings)
        if (finding.level >= threshold) return kExitFindings;
    return kExitClean;
}

struct ReportArguments : ModelArguments {
    std::string format = "markdown";
    std::string output;
};

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &utc);
    return text;
}

// Evidence, not a gate: exit 0 whatever the matrix shows. 2 when an input cannot be read (no
// report) or does not parse (the report lists it as a caveat).
int run_report(const ReportArguments& arguments) {
    AnalysisOptions options;
    if (!analysis_options(arguments, options))
        return kExitTrouble;
    options.keep_source_text = false;  // the report names lines, and prints none
    const AnalysisResult& result = analyse_for_this_process(options);
    if (!result.errors.empty()) {
        // A matrix of the files that could be read would describe a schema nobody built.
        for (const std::string& error : result.errors) std::cerr << "tenant-guard: " << error << "\n";
        std::cerr << "tenant-guard: no report written\n";
        return kExitTrouble;
    }
    for (const Finding& finding : result.findings)
        if (finding.rule == RuleId::SyntaxError) {
            const SourceFile& file = result.facts.files[finding.location.file];
            std::cerr << "tenant-guard: " << file.path() << ":" << file.line_column(finding.location.offset).line
                      << ": " << finding.message << "\n";
        }

    std::string source = "migrations:";
    for (const std::string& path : arguments.paths) source += " " + path;
    if (!arguments.baseline.empty()) source += " (baseline " + arguments.baseline + ")";
    const tenant_guard::isolation::ReportInput input =
        evidence_report(result, options.config, source, utc_now());
    const std::string text = arguments.format == "html" ? tenant_guard::isolation::render_html(input)
                                                       : tenant_guard::isolation::render_markdown(input);
    if (arguments.output.empty()) {
        std::cout << text;
        std::cout.flush();
    } else {
        std::ofstream out(arguments.output, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::cerr << "tenant-guard: cannot write " << arguments.output << "\n";
            return kExitTrouble;
        }
    }
    return has_syntax_error(result) ? kExitTrouble : kExitClean;
}

int run_rules() {
    size_t width = 0;
    for (const RuleInfo& rule : all_rules()) width = std::max(width, rule.name.size());
    for (const RuleInfo& rule : all_rules()) {
        std::cout << std::left << std::setw(static_cast<int>(width) + 2) << rule.name << std::setw(9)
                  << level_name(rule.level) << rule.summary << "\n";
    }
    return kExitClean;
}

int run_explain(const std::string& name) {
    std::optional<RuleId> id = find_rule(name);
    if (!id) {
        std::cerr << "tenant-guard: unknown rule '" << name << "'; `tenant-guard rules` lists them\n";
        return kExitTrouble;
    }
    const RuleInfo& rule = rule_info(*id);
    std::cout << rule.name << " (" << level_name(rule.level) << ")\n" << rule.summary << "\n\n"
              << rule.definition.explanation << "\n";
    return kExitClean;
}

int run_keygen(const std::string& id_argument, bool inactive) {
    std::string id = id_argument.empty() ? default_key_id(std::time(nullptr)) : id_argument;
    // The server's key file parser applies the same rule: an id refused here would be refused there.
    if (!tenant_guard::is_valid_master_key_id(id)) {
        // The id is not echoed: what was passed may be a misplaced key.
        std::cerr << "tenant-guard: keygen --id: " << tenant_guard::kMasterKeyIdRule << "\n";
        return kExitTrouble;
    }
    auto line = new_key_line(id, !inactive);
    if (!line) {
        std::cerr << "tenant-guard: the random number generator failed; no key was made\n";
        return kExitTrouble;
    }
    std::cout << *line << "\n";
    return kExitClean;
}

}  // namespace

// LeakSanitizer builds only: libpg_query 15-4.0.0's PL/pgSQL parser keeps a copy of the
// parser's (empty) stderr output that nothing frees, one byte per call. Not ours to fix.
extern "C" const char* __lsan_default_suppressions() { return "leak:pg_query_raw_parse\n"; }
// Without the report of used suppressions, which would end up in the checker's output.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

int main(int argc, char** argv) {
    CLI::App app{"tenant-guard: checks PostgreSQL migrations for tenant isolation, destructive changes and "
                 "plaintext secrets"};
#if TENANT_GUARD_STATIC_BUILD
    if (!ignore_system_openssl_config()) {
        std::cerr << "tenant-guard: OpenSSL could not be initialised\n";
        return kExitTrouble;
    }
#endif
    app.set_version_flag("--version", build_description());
    app.require_subcommand(1);

    CheckArguments check_arguments;
    CLI::App* check = app.add_subcommand("check", "check migration files or folders (read recursively for *.sql)");
    add_model_options(*check, check_arguments);
    check->add_option("--changed", check_arguments.changed,
                      "report only what these files cause (repeatable); the model is built from all PATHs")
        ->allow_extra_args(false);  // one value per --changed, so PATHs that follow stay PATHs
    check->add_option("--format", check_arguments.format, "text (default) | json | sarif | github")
        ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
    check->add_option("--fail-on", check_arguments.fail_on, "error (default) | warning | never")
        ->check(CLI::IsMember({"error", "warning", "never"}));
    check->add_flag("--stats", check_arguments.stats, "print file, statement and timing counts to standard error");

    ReportArguments report_arguments;
    CLI::App* report = app.add_subcommand(
        "report", "the isolation matrix of the schema the migrations build, as Markdown or HTML evidence");
    add_model_options(*report, report_arguments);
    report->add_option("--format", report_arguments.format, "markdown (default) | html")
        ->check(CLI::IsMember({"markdown", "html"}));
    report->add_option("--output,-o", report_arguments.output, "write to this file instead of standard output");

    AuditOptions audit_options;
    std::vector<std::string> audit_tenant_columns, audit_identity_columns;
    std::string audit_config_path;
    CLI::App* audit = app.add_subcommand(
        "audit", "the isolation rules on a live database's catalog (libpq; no extension needed)");
    audit->add_option("CONNINFO", audit_options.conninfo,
                      "a libpq connection string or URI, e.g. \"$DATABASE_URL\"; PG* variables fill gaps")
        ->required();
    audit->add_option("--tenant-column", audit_tenant_columns,
                      "tenant column name, exact (repeatable); default organization_id")
        ->allow_extra_args(false);
    audit->add_option("--identity-column", audit_identity_columns,
                      "a column that confines rows to a caller like the tenant column (repeatable); default user_id")
        ->allow_extra_args(false);
    audit->add_option("--config", audit_config_path,
                      "config file; default: .tenant-guard.toml found upward from the current folder");
    audit->add_option("--format", audit_options.format, "text (default) | json | sarif | markdown | html")
        ->check(CLI::IsMember({"text", "json", "sarif", "markdown", "html"}));
    audit->add_option("--fail-on", audit_options.fail_on, "error (default) | warning | never")
        ->check(CLI::IsMember({"error", "warning", "never"}));
    audit->add_option("--output,-o", audit_options.output, "write to this file instead of standard output");

    app.add_subcommand("rules", "every rule with its level and a one-line description");

    std::string explained_rule;
    CLI::App* explain = app.add_subcommand("explain", "what a rule catches, why, an example and the fix");
    explain->add_option("RULE", explained_rule, "rule name")->required();

    std::string key_id;
    bool inactive = false;
    CLI::App* keygen = app.add_subcommand("keygen", "print a new master key line for the key file");
    keygen->add_option("--id", key_id, "key id; default k + UTC timestamp, e.g. k20261129T0501");
    keygen->add_flag("--inactive", inactive, "omit the 'active' marker");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        int status = app.exit(error);
        return status == 0 ? kExitClean : kExitTrouble;
    }
    try {
        if (check->parsed()) return run_check(check_arguments);
        if (report->parsed()) return run_report(report_arguments);
        if (audit->parsed()) {
            Config config;
            if (!load_settings(audit_config_path, audit_tenant_columns, audit_identity_columns, config))
                return kExitTrouble;
            return run_audit(audit_options, config, colour_wanted());
        }
        if (explain->parsed()) return run_explain(explained_rule);
        if (keygen->parsed()) return run_keygen(key_id, inactive);
        return run_rules();
    } catch (const std::exception& error) {
        std::cerr << "tenant-guard: internal error: " << error.what() << "\n";
        return kExitTrouble;
    }
}
