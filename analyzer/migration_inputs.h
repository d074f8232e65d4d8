// The files a check reads, one at a time, in migration order: each path in the order given;
// of a folder, its .sql files, recursively, by path with runs of digits compared as numbers
// (1_a.sql < 10_b.sql). A path is looked at only when it is reached, so that the first file is
// parsed while the others are still to be read: a history named file by file has thousands,
// and a stat(2) of each before the first parse took 4% of a check of the corpus.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tenant_guard::analyzer {

class MigrationInputs {
public:
    explicit MigrationInputs(std::vector<std::string> paths) : paths_(std::move(paths)) {}

    // The next file's path and text; false when none is left. What cannot be read is added
    // to errors and skipped. A file named twice (as a.sql and ./a.sql, or through a link) is
    // read once, at its first place.
    bool next(std::string& path, std::string& text, std::vector<std::string>& errors);

private:
    // The same file by any name.
    struct FileIdentity {
        dev_t device;
        ino_t inode;
        bool operator<(const FileIdentity& other) const {
            return device != other.device ? device < other.device : inode < other.inode;
        }
    };

    // Lists folder's .sql files in migration order into folder_files_.
    void list_folder(const std::string& folder, std::vector<std::string>& errors);

    std::vector<std::string> paths_;
    size_t next_path_ = 0;
    std::vector<std::string> folder_files_;  // of the folder being read
    size_t next_folder_file_ = 0;
    std::set<FileIdentity> read_;
};

// The whole of the file at path (a pipe has no size and is read to its end); false when it
// cannot be read.
bool read_whole_file(const std::string& path, std::string& contents);

// Path order for migrations: like strcmp, except that runs of digits compare by value.
bool migration_path_less(const std::string& left, const std::string& right);

}  // namespace tenant_guard::analyzer
