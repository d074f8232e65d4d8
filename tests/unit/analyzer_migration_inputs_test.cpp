// What a check reads and in which order (migration_inputs.h), and the storage that keeps each
// file in place while more are appended (source_files.h).
#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis.h"
#include "migration_inputs.h"
#include "source_files.h"

using namespace tenant_guard::analyzer;

namespace {

class TemporaryFolder {
public:
    TemporaryFolder() {
        char name[] = "/tmp/tenant_guard_inputs_XXXXXX";
        if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
        path_ = name;
    }
    ~TemporaryFolder() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    std::string write(const std::string& relative, const std::string& text) const {
        std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file) << text;
        return file.generic_string();
    }

private:
    std::filesystem::path path_;
};

// Every file the inputs give, as path: text, and the errors.
std::vector<std::string> read_all(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
    MigrationInputs inputs(paths);
    std::vector<std::string> read;
    std::string path, text;
    while (inputs.next(path, text, errors)) read.push_back(path + ": " + text);
    return read;
}

}  // namespace

TEST(MigrationInputs, MigrationPathOrderComparesNumbersByValue) {
    EXPECT_TRUE(migration_path_less("2_b.sql", "10_a.sql"));
    EXPECT_TRUE(migration_path_less("20240101_a/migration.sql", "20240102_a/migration.sql"));
    EXPECT_FALSE(migration_path_less("10_a.sql", "2_b.sql"));
    EXPECT_TRUE(migration_path_less("009_a.sql", "010_a.sql"));
}

TEST(MigrationInputs, PathsInTheOrderGivenAndAFoldersSqlFilesInMigrationOrder) {
    TemporaryFolder folder;
    const std::string loose = folder.write("loose.sql", "L");
    folder.write("history/10_c.sql", "C");
    folder.write("history/2_b/migration.sql", "B");
    folder.write("history/1_a.SQL", "A");
    folder.write("history/notes.md", "not SQL");
    const std::string history = (folder.path() / "history").string();
    std::vector<std::string> errors;
    const std::vector<std::string> read = read_all({loose, history}, errors);
    EXPECT_TRUE(errors.empty());
    EXPECT_EQ(read, (std::vector<std::string>{loose + ": L", history + "/1_a.SQL: A", history + "/2_b/migration.sql: B",
                                              history + "/10_c.sql: C"}));
}

TEST(MigrationInputs, WhatCannotBeReadIsAnErrorAndTheRestIsRead) {
    TemporaryFolder folder;
    const std::string fifo = (folder.path() / "pipe.sql").string();
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const std::string missing = (folder.path() / "missing.sql").string();
    const std::string good = folder.write("good.sql", "G");
    std::vector<std::string> errors;
    // A FIFO is opened without waiting for a writer: the read must not hang.
    const std::vector<std::string> read = read_all({missing, fifo, good}, errors);
    EXPECT_EQ(read, (std::vector<std::string>{good + ": G"}));
    EXPECT_EQ(errors, (std::vector<std::string>{"cannot read " + missing + ": no such file or folder",
                                                "cannot read " + fifo + ": not a file or folder"}));
}

TEST(MigrationInputs, AFileNamedTwiceIsReadOnce) {
    TemporaryFolder folder;
    const std::string first = folder.write("1.sql", "CREATE TABLE t (id int);\n");
    folder.write("2.sql", "DROP TABLE t;\n");
    std::filesystem::create_symlink("1.sql", folder.path() / "link.sql");
    AnalysisOptions options;
    options.paths = {first, (folder.path() / "." / "1.sql").string(), folder.path().string()};
    AnalysisResult result = analyse(options);
    EXPECT_TRUE(result.errors.empty());
    ASSERT_EQ(result.facts.files.size(), 2u) << "1.sql by three names, 2.sql";
    EXPECT_EQ(result.facts.files[0].path(), first);
    EXPECT_EQ(result.facts.files[1].path(), (folder.path() / "2.sql").generic_string());
}

TEST(SourceFiles, AFileStaysInPlaceAsMoreAreAppended) {
    SourceFiles files;
    std::vector<const SourceFile*> places;
    for (int i = 0; i < 5000; ++i) places.push_back(&files.emplace_back(std::to_string(i) + ".sql", "SELECT 1;"));
    ASSERT_EQ(files.size(), 5000u);
    for (size_t i = 0; i < places.size(); ++i) {
        ASSERT_EQ(&files[i], places[i]) << i;
        ASSERT_EQ(files[i].path(), std::to_string(i) + ".sql");
    }
}
