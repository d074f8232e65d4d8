// The checker's in-process peer (bench/checker_vs_squawk.sh): pg_query_raw_parse alone, on one
// thread, over the same unit texts the checker parses (its own unit planning, psql
// meta-commands blanked), each in a libpg_query memory context released after it. Prints the
// seconds of the parsing alone, then the units and bytes.
//   parse_peer LIST   (LIST: a file of .sql paths, one a line)
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "frontend.h"

using namespace tenant_guard::analyzer;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: parse_peer LIST\n";
        return 2;
    }
    std::vector<std::string> texts;
    size_t bytes = 0;
    std::ifstream list(argv[1]);
    for (std::string path; std::getline(list, path);) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::cerr << "parse_peer: cannot read " << path << "\n";
            return 2;
        }
        SourceFile file(path, std::string(std::istreambuf_iterator<char>(in), {}));
        bytes += file.text().size();
        for (const Frontend::UnitRange& unit : Frontend::plan_units(file))
            texts.push_back(Frontend::prepare_text(file, unit.begin, unit.end));
    }
    size_t failed = 0;
    auto started = std::chrono::steady_clock::now();
    for (const std::string& text : texts) {
        ParserMemoryScope memory;
        failed += RawParse(text.c_str()).failed;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << seconds << " " << texts.size() << " units " << failed << " failed " << bytes << " bytes\n";
    return 0;
}
