#include "analysis.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <vector>

#include "changed_files.h"
#include "frontend.h"
#include "grammar.h"
#include "newer_grammar.h"
#include "platform_presets.h"
#include "rule_runner.h"
#include "sql_lexer.h"
#include "suppression.h"

namespace tenant_guard::analyzer {

namespace fs = std::filesystem;

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

// The same file named twice (as a.sql and ./a.sql, or through a link) is checked once.
struct FileIdentity {
    dev_t device;
    ino_t inode;
    bool operator<(const FileIdentity& other) const {
        return device != other.device ? device < other.device : inode < other.inode;
    }
};

// Thousands of files per run: one open, fstat and read each (an ifstream costs three
// lseeks more); a pipe has no size and is read to its end.
bool read_file(const std::string& path, std::string& contents, FileIdentity& identity) {
    int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return false;
    struct stat status;
    bool ok = ::fstat(descriptor, &status) == 0;
    if (ok) {
        identity = {status.st_dev, status.st_ino};
        bool sized = S_ISREG(status.st_mode);
        contents.resize(sized ? static_cast<size_t>(status.st_size) : 0);
        size_t filled = 0;
        while (true) {
            if (filled == contents.size()) {
                if (sized) break;
                contents.resize(std::max<size_t>(2 * filled, 1u << 16));
            }
            ssize_t got = ::read(descriptor, contents.data() + filled, contents.size() - filled);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                ok = got == 0;
                break;
            }
            filled += static_cast<size_t>(got);
        }
        contents.resize(filled);
    }
    ::close(descriptor);
    // Positions are 32-bit byte offsets: a single file must stay below 4 GB.
    return ok && contents.size() < UINT32_MAX;
}

bool has_sql_extension(const fs::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".sql";
}

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

bool migration_path_less(const std::string& left, const std::string& right) {
    size_t i = 0, j = 0;
    while (i < left.size() && j < right.size()) {
        bool left_digit = std::isdigit(static_cast<unsigned char>(left[i]));
        bool right_digit = std::isdigit(static_cast<unsigned char>(right[j]));
        if (left_digit && right_digit) {
            size_t left_end = i, right_end = j;
            while (left_end < left.size() && std::isdigit(static_cast<unsigned char>(left[left_end]))) ++left_end;
            while (right_end < right.size() && std::isdigit(static_cast<unsigned char>(right[right_end]))) ++right_end;
            // Compare by value: strip leading zeros, then longer is larger, then digit by digit.
            size_t left_start = i, right_start = j;
            while (left_start + 1 < left_end && left[left_start] == '0') ++left_start;
            while (right_start + 1 < right_end && right[right_start] == '0') ++right_start;
            size_t left_length = left_end - left_start, right_length = right_end - right_start;
            if (left_length != right_length) return left_length < right_length;
            int order = left.compare(left_start, left_length, right, right_start, right_length);
            if (order != 0) return order < 0;
            // Equal values: the one with fewer leading zeros first, for a stable total order.
            if (left_end - i != right_end - j) return left_end - i < right_end - j;
            i = left_end;
            j = right_end;
            continue;
        }
        if (left[i] != right[j])
            return static_cast<unsigned char>(left[i]) < static_cast<unsigned char>(right[j]);
        ++i;
        ++j;
    }
    return left.size() - i < right.size() - j;
}

std::vector<std::string> collect_sql_files(const std::vector<std::string>& paths,
                                           std::vector<std::string>& errors) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        // One stat(2) a path: a history named file by file has thousands.
        struct stat status;
        if (::stat(path.c_str(), &status) != 0) {
            errors.push_back("cannot read " + path + ": no such file or folder");
            continue;
        }
        if (S_ISREG(status.st_mode)) {
            files.push_back(path);
            continue;
        }
        if (!S_ISDIR(status.st_mode)) {
            errors.push_back("cannot read " + path + ": not a file or folder");
            continue;
        }
        std::error_code error;
        std::vector<std::string> relative_paths;
        fs::recursive_directory_iterator walker(path, fs::directory_options::skip_permission_denied, error);
        for (; !error && walker != fs::recursive_directory_iterator(); walker.increment(error)) {
            if (!walker->is_regular_file(error) || !has_sql_extension(walker->path())) continue;
            relative_paths.push_back(walker->path().lexically_relative(path).generic_string());
        }
        if (error) errors.push_back("cannot read " + path + ": " + error.message());
        std::sort(relative_paths.begin(), relative_paths.end(), migration_path_less);
        for (const std::string& relative : relative_paths) files.push_back((fs::path(path) / relative).generic_string());
    }
    return files;
}

AnalysisResult analyse(const AnalysisOptions& options) {
    AnalysisResult result;
    Facts& facts = result.facts;
    FileIdentity identity;
    if (auto preset = find_preset(options.config.preset))
        facts.files.emplace_back("(preset " + options.config.preset + ")", std::string(preset->baseline_sql), true);
    if (options.baseline) {
        std::string contents;
        if (read_file(*options.baseline, contents, identity))
            facts.files.emplace_back(*options.baseline, std::move(contents), true);
        else result.errors.push_back("cannot read baseline " + *options.baseline);
    }
    std::vector<std::string> paths = collect_sql_files(options.paths, result.errors);
    // Each file is parsed while the next is read: the workers hold on to the files.
    facts.files.reserve(facts.files.size() + paths.size());
    size_t next_path = 0;
    std::set<FileIdentity> read_already;
    auto read_next_input = [&] {
        while (next_path < paths.size()) {
            const std::string& path = paths[next_path++];
            std::string contents;
            if (!read_file(path, contents, identity)) {
                result.errors.push_back("cannot read " + path);
                continue;
            }
            if (!read_already.insert(identity).second) continue;
            facts.files.emplace_back(path, std::move(contents), false);
            return true;
        }
        return false;
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
