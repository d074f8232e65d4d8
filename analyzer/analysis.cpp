#include "analysis.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include "changed_files.h"
#include "frontend.h"
#include "grammar.h"
#include "migration_inputs.h"
#include "newer_grammar.h"
#include "platform_presets.h"
#include "rule_runner.h"
#include "sql_lexer.h"
#include "suppression.h"

namespace tenant_guard::analyzer {

namespace {

class FileCallbacks : public FrontendCallbacks {
public:
    // mode: resolved for this file (resolve_transaction_mode).
    FileCallbacks(RuleRunner& rules, Facts& facts, uint32_t file, TransactionMode mode)
        : rules_(rules), facts_(facts), file_(file), boundaries_(mode) {}

    void statement(const ParsedStatement& parsed) override {
        uint32_t index = record(parsed.region_begin, parsed.start);
        StatementContext context;
        context.file = file_;
        context.statement = index;
        context.location_base = parsed.location_base;
        context.start = parsed.start;
        context.end = parsed.end;
        rules_.statement(parsed.node, context);
        if (boundaries_.commits_after(parsed.node)) rules_.commit(file_);
    }

    void syntax_error(uint32_t region_begin, uint32_t start, uint32_t error_offset,
                      const std::string& message) override {
        uint32_t index = record(region_begin, start);
        int newer = newer_grammar_needed(facts_.files[file_].text(), start, error_offset, kGrammarMajor);
        facts_.syntax_errors.push_back({index, {file_, error_offset}, message, newer});
    }

    void psql_variable(uint32_t region_begin, uint32_t start, uint32_t variable_offset) override {
        uint32_t index = record(region_begin, start);
        const std::string_view name = psql_variable_at(facts_.files[file_].text(), variable_offset);
        facts_.psql_variables.push_back({index, {file_, variable_offset}, std::string(name)});
    }

private:
    // A top-level statement, and the suppression comments above it.
    uint32_t record(uint32_t region_begin, uint32_t start) {
        facts_.statements.push_back({file_, region_begin, start});
        const uint32_t index = static_cast<uint32_t>(facts_.statements.size() - 1);
        std::vector<Suppression> suppressions = parse_suppressions(facts_.files[file_].text(), region_begin, start);
        if (!suppressions.empty()) facts_.suppressions.emplace(index, std::move(suppressions));
        return index;
    }

    RuleRunner& rules_;
    Facts& facts_;
    uint32_t file_;
    CommitBoundaries boundaries_;
};

// Report order: by file, position and rule in registry order; within a rule, the order the
// rule gave (core/ orders by command).
bool reported_before(const Finding& a, const Finding& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    if (a.location.offset != b.location.offset) return a.location.offset < b.location.offset;
    return index_of(a.rule) < index_of(b.rule);
}

// What std::stable_sort would do, without its buffer of up to as many findings again: the
// order is found on indices, then each finding is moved to its place along the cycles of
// that permutation.
void sort_findings(std::vector<Finding>& findings) {
    std::vector<uint32_t> source(findings.size());  // source[i]: the finding that belongs at i
    std::iota(source.begin(), source.end(), 0u);
    std::stable_sort(source.begin(), source.end(),
                     [&](uint32_t a, uint32_t b) { return reported_before(findings[a], findings[b]); });
    for (uint32_t start = 0; start < source.size(); ++start) {
        if (source[start] == start) continue;
        Finding displaced = std::move(findings[start]);
        uint32_t at = start;
        while (source[at] != start) {
            const uint32_t from = source[at];
            findings[at] = std::move(findings[from]);
            source[at] = at;  // placed
            at = from;
        }
        findings[at] = std::move(displaced);
        source[at] = at;
    }
}

}  // namespace

AnalysisResult analyse(const AnalysisOptions& options) {
    AnalysisResult result;
    Facts& facts = result.facts;
    if (auto preset = find_preset(options.config.preset))
        facts.files.emplace_back("(preset " + options.config.preset + ")", std::string(preset->baseline_sql), true);
    if (options.baseline) {
        std::string contents;
        if (read_whole_file(*options.baseline, contents))
            facts.files.emplace_back(*options.baseline, std::move(contents), true);
        else result.errors.push_back("cannot read baseline " + *options.baseline);
    }
    // Each file is read while the ones before it are parsed and checked.
    MigrationInputs inputs(options.paths);
    auto read_next_input = [&] {
        std::string path, text;
        if (!inputs.next(path, text, result.errors)) return false;
        facts.files.emplace_back(std::move(path), std::move(text), false);
        return true;
    };
    check_files(options, result, read_next_input);
    return result;
}

AnalysisResult analyse_texts(const std::vector<std::pair<std::string, std::string>>& files,
                             const Config& config) {
    AnalysisOptions options;
    options.config = config;
    return analyse_texts(files, options);
}

AnalysisResult analyse_texts(const std::vector<std::pair<std::string, std::string>>& files,
                             const AnalysisOptions& options) {
    AnalysisResult result;
    for (const auto& [path, text] : files) result.facts.files.emplace_back(path, text, false);
    check_files(options, result);
    return result;
}

void check_files(const AnalysisOptions& options, AnalysisResult& result,
                 const std::function<bool()>& read_next_input) {
    Facts& facts = result.facts;
    Frontend frontend;
    RuleRunner rules(result.model, facts, options.config, !options.changed.empty());
    std::optional<ChangedFiles> changed;
    if (!options.changed.empty()) {
        changed.emplace(options.changed, facts.files);
        rules.drop_unless([&](const Finding& finding) { return changed->shows(finding, facts); });
    }
    std::unique_ptr<FileCallbacks> callbacks;
    std::optional<uint32_t> open_file;
    // Whatever a file's last transaction holds commits when the file ends (commit_boundaries.h
    // says where it commits before).
    // The file's text is not read after that unless the report prints source lines.
    auto end_of_file = [&] {
        if (!open_file) return;
        rules.commit(*open_file);
        if (!options.keep_source_text) facts.files[*open_file].release_text();
    };
    size_t handed_over = 0;
    auto next_file = [&]() -> const SourceFile* {
        if (handed_over == facts.files.size() && !(read_next_input && read_next_input())) return nullptr;
        return &facts.files[handed_over++];
    };
    frontend.parse_files(next_file, [&](uint32_t file, bool refuses_transaction_block) -> FrontendCallbacks& {
        end_of_file();
        open_file = file;
        // Each migration runs in its own session: search_path starts from the default.
        result.model.reset_search_path();
        const TransactionMode mode = resolve_transaction_mode(options.config.transaction_mode, refuses_transaction_block);
        callbacks = std::make_unique<FileCallbacks>(rules, facts, file, mode);
        return *callbacks;
    });
    end_of_file();

    std::vector<Finding> findings = rules.finish();

    // The baseline is a snapshot, not a change: nothing in it is reported.
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const Finding& f) { return facts.files[f.location.file].is_baseline(); }),
                   findings.end());

    // The whole history shows each isolation finding once, at the commit that caused it: the
    // rule runner dropped those that continue an earlier commit's as they were made.
    if (changed) {
        for (const std::string& path : changed->unmatched())
            result.errors.push_back("--changed " + path + " is not among the checked files");
        changed->keep_shown(findings, facts);
    }

    apply_suppressions(facts, findings, result.suppressed);
    sort_findings(findings);
    sort_findings(result.suppressed);
    result.findings = std::move(findings);
}

}  // namespace tenant_guard::analyzer
