#include "changed_files.h"

#include <filesystem>

namespace tenant_guard::analyzer {

namespace {

std::string canonical(const std::string& path) {
    std::error_code error;
    std::filesystem::path resolved = std::filesystem::weakly_canonical(path, error);
    return error ? path : resolved.string();
}

}  // namespace

ChangedFiles::ChangedFiles(const std::vector<std::string>& paths, const SourceFiles& files)
    : paths_(paths), files_(files) {
    for (const std::string& path : paths_) wanted_.insert(canonical(path));
}

bool ChangedFiles::contains(uint32_t file) {
    while (changed_.size() <= file) {
        resolved_.push_back(canonical(files_[changed_.size()].path()));
        changed_.push_back(wanted_.count(resolved_.back()) > 0);
    }
    return changed_[file];
}

const uint32_t* ChangedFiles::changed_touch(const Finding& finding, const Facts& facts) {
    for (const uint32_t& statement : finding.touching_statements)
        if (contains(facts.statements[statement].file)) return &statement;
    return nullptr;
}

bool ChangedFiles::shows(const Finding& finding, const Facts& facts) {
    return contains(finding.location.file) || changed_touch(finding, facts);
}

void ChangedFiles::keep_shown(std::vector<Finding>& findings, const Facts& facts) {
    size_t kept = 0;
    for (Finding& finding : findings) {
        if (!contains(finding.location.file)) {
            const uint32_t* touch = changed_touch(finding, facts);
            if (!touch) continue;
            const StatementRecord& record = facts.statements[*touch];
            finding.location = {record.file, record.start};
            finding.statement = *touch;
        }
        if (&finding != &findings[kept]) findings[kept] = std::move(finding);
        ++kept;
    }
    findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
}

std::vector<std::string> ChangedFiles::unmatched() {
    if (!files_.empty()) contains(static_cast<uint32_t>(files_.size() - 1));
    std::vector<std::string> out;
    for (const std::string& path : paths_) {
        const std::string wanted = canonical(path);
        bool found = false;
        for (const std::string& resolved : resolved_) found = found || resolved == wanted;
        if (!found) out.push_back(path);
    }
    return out;
}

}  // namespace tenant_guard::analyzer
