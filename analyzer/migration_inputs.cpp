#include "migration_inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <filesystem>

namespace tenant_guard::analyzer {

namespace fs = std::filesystem;

namespace {

// What a path turned out to be when it was opened.
enum class Opened { File, Folder, Missing, NeitherFileNorFolder, Unreadable };

// Reads the open descriptor to its end: a regular file in one read(2) of its size, a pipe
// in growing steps.
bool read_descriptor(int descriptor, const struct stat& status, std::string& contents) {
    const bool sized = S_ISREG(status.st_mode);
    contents.resize(sized ? static_cast<size_t>(status.st_size) : 0);
    size_t filled = 0;
    bool ok = true;
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
    // Positions are 32-bit byte offsets: a single file must stay below 4 GB.
    return ok && contents.size() < UINT32_MAX;
}

// Opens path, and reads it when it is a regular file: one open, fstat and read a file (a stat
// first walked each path twice). O_NONBLOCK: a FIFO named by mistake must not hang the open.
Opened open_input(const std::string& path, std::string& contents, struct stat& status) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (descriptor < 0) {
        // Told apart as a stat(2) tells them: missing, or there but not to be read.
        if (::stat(path.c_str(), &status) != 0) return Opened::Missing;
        if (S_ISDIR(status.st_mode)) return Opened::Folder;  // its listing says why it cannot be read
        return S_ISREG(status.st_mode) ? Opened::Unreadable : Opened::NeitherFileNorFolder;
    }
    Opened opened = Opened::Unreadable;
    if (::fstat(descriptor, &status) == 0) {
        if (S_ISDIR(status.st_mode)) opened = Opened::Folder;
        else if (!S_ISREG(status.st_mode)) opened = Opened::NeitherFileNorFolder;
        else if (read_descriptor(descriptor, status, contents)) opened = Opened::File;
    }
    ::close(descriptor);
    return opened;
}

bool has_sql_extension(const fs::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".sql";
}

}  // namespace

bool MigrationInputs::next(std::string& path, std::string& text, std::vector<std::string>& errors) {
    while (true) {
        const bool listed = next_folder_file_ < folder_files_.size();
        if (listed) path = std::move(folder_files_[next_folder_file_++]);
        else if (next_path_ < paths_.size()) path = paths_[next_path_++];
        else return false;
        struct stat status;
        text.clear();
        const Opened opened = open_input(path, text, status);
        if (opened == Opened::File) {
            if (read_.insert({status.st_dev, status.st_ino}).second) return true;
        } else if (listed || opened == Opened::Unreadable) {
            errors.push_back("cannot read " + path);  // a listed one was a file a moment ago
        } else if (opened == Opened::Folder) {
            list_folder(path, errors);
        } else {
            errors.push_back("cannot read " + path +
                             (opened == Opened::Missing ? ": no such file or folder" : ": not a file or folder"));
        }
    }
}

void MigrationInputs::list_folder(const std::string& folder, std::vector<std::string>& errors) {
    std::error_code error;
    std::vector<std::string> relative_paths;
    fs::recursive_directory_iterator walker(folder, fs::directory_options::skip_permission_denied, error);
    for (; !error && walker != fs::recursive_directory_iterator(); walker.increment(error)) {
        if (!walker->is_regular_file(error) || !has_sql_extension(walker->path())) continue;
        relative_paths.push_back(walker->path().lexically_relative(folder).generic_string());
    }
    if (error) errors.push_back("cannot read " + folder + ": " + error.message());
    std::sort(relative_paths.begin(), relative_paths.end(), migration_path_less);
    folder_files_.clear();
    next_folder_file_ = 0;
    for (const std::string& relative : relative_paths)
        folder_files_.push_back((fs::path(folder) / relative).generic_string());
}

bool read_whole_file(const std::string& path, std::string& contents) {
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return false;
    struct stat status;
    const bool ok = ::fstat(descriptor, &status) == 0 && read_descriptor(descriptor, status, contents);
    ::close(descriptor);
    return ok;
}

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

}  // namespace tenant_guard::analyzer
