// --changed: the report shows what the changed files cause. A finding shows when it is in a
// changed file, or when it is an isolation finding that a statement of a changed file
// touched: it is then placed there, where the change under review can fix it.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "facts.h"
#include "finding.h"

namespace tenant_guard::analyzer {

class ChangedFiles {
public:
    // paths as given; files: the checked files, which may still grow (they are read while
    // the first ones are checked).
    ChangedFiles(const std::vector<std::string>& paths, const SourceFiles& files);

    // Whether the file-th checked file is a changed one (its path is resolved when first asked).
    bool contains(uint32_t file);
    // Whether finding shows. Known as soon as it is made: what it is in and what touched it
    // are in the files checked so far.
    bool shows(const Finding& finding, const Facts& facts);
    // Keeps the findings that show, each placed where it shows.
    void keep_shown(std::vector<Finding>& findings, const Facts& facts);
    // The paths given that name none of the checked files, in the order given.
    std::vector<std::string> unmatched();

private:
    // The first statement of a changed file among finding's touching statements, if any.
    const uint32_t* changed_touch(const Finding& finding, const Facts& facts);

    std::vector<std::string> paths_;
    std::set<std::string> wanted_;  // the paths resolved
    const SourceFiles& files_;
    std::vector<std::string> resolved_;  // by file, as far as asked
    std::vector<bool> changed_;          // by file, as far as asked
};

}  // namespace tenant_guard::analyzer
