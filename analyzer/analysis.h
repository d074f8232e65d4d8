// The driver: reads the inputs in migration order, runs the front end over each file and
// hands its statements, file by file, to the rules and the model (rule_runner.h), then applies
// suppression comments, the baseline and --changed. Rules and reporters know nothing of these.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.h"
#include "facts.h"
#include "schema_model.h"

namespace tenant_guard::analyzer {

struct AnalysisOptions {
    std::vector<std::string> paths;
    std::optional<std::string> baseline;
    std::vector<std::string> changed;
    Config config;
    // Whether the files' text stays for the report once they are checked: only the text
    // report prints source lines; the others need lines and columns, which stay either way.
    bool keep_source_text = true;
};

struct AnalysisResult {
    Facts facts;
    SchemaModel model;
    std::vector<Finding> findings;    // sorted by file, position, rule
    std::vector<Finding> suppressed;
    std::vector<std::string> errors;  // I/O and usage problems (exit status 2)
};

AnalysisResult analyse(const AnalysisOptions& options);

// The same on files already in memory (path, text), in the order given: for tests and
// for embedding.
AnalysisResult analyse_texts(const std::vector<std::pair<std::string, std::string>>& files,
                             const Config& config = {});
// The same with every option but the paths (the files are given).
AnalysisResult analyse_texts(const std::vector<std::pair<std::string, std::string>>& files,
                             const AnalysisOptions& options);

// Parses and models result.facts.files, then runs the rules: the part of analyse() after
// reading the inputs. read_next_input, if given, appends the next input to facts.files and
// returns false when none is left: each file is parsed while the next one is read, on a
// thread of the front end's, while the model is built from the files before.
void check_files(const AnalysisOptions& options, AnalysisResult& result,
                 const std::function<bool()>& read_next_input = {});

}  // namespace tenant_guard::analyzer
