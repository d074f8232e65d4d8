#include "master_keys.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tenant_guard {

namespace {

// Far more than any real key ring; bounds what is read into locked memory.
constexpr size_t kMaxSourceSize = 64 * 1024;
constexpr size_t kMaxIdLength = 63;  // shorter than a key, so a misplaced key is never echoed

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

[[noreturn]] void fail(std::string_view source, size_t line, const std::string& what) {
    std::string message(source);
    if (line > 0) message += ": line " + std::to_string(line);
    throw KeySourceError(message + ": " + what);
}

// Reads at most kMaxSourceSize bytes from fd into buffer; returns the count.
size_t read_all(int fd, LockedBuffer& buffer, std::string_view source) {
    size_t used = 0;
    for (;;) {
        if (used == buffer.size()) fail(source, 0, "larger than 64 KiB, which no key ring needs");
        const ssize_t n = read(fd, buffer.data() + used, buffer.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(source, 0, std::string("cannot read: ") + std::strerror(errno));
        if (n == 0) return used;
        used += static_cast<size_t>(n);
    }
}

}  // namespace

bool is_valid_master_key_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (char c : id)
        if (!is_id_char(c)) return false;
    return true;
}

MasterKeys MasterKeys::parse(std::string_view text, std::string_view source) {
    MasterKeys result;
    size_t line_count = 1;
    for (char c : text) line_count += c == '\n';
    result.keys_ = std::make_unique<LockedBuffer>(line_count * Key256::kSize);

    std::vector<size_t> id_lines;
    std::optional<size_t> active_line;
    size_t line_number = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);

        std::string_view fields[3];
        size_t field_count = 0;
        for (size_t i = 0; i < line.size();) {
            while (i < line.size() && is_blank(line[i])) ++i;
            if (i == line.size()) break;
            size_t start = i;
            while (i < line.size() && !is_blank(line[i])) ++i;
            if (field_count == 3)
                fail(source, line_number, "too many fields; expected `<id> <64 hex digits> [active]`");
            fields[field_count++] = line.substr(start, i - start);
        }
        if (field_count == 0) continue;
        if (field_count == 1) fail(source, line_number, "expected `<id> <64 hex digits> [active]`");

        const std::string_view id = fields[0];
        if (!is_valid_master_key_id(id)) fail(source, line_number, kMasterKeyIdRule);

        const std::string_view hex = fields[1];
        if (hex.size() != 2 * Key256::kSize)
            fail(source, line_number, "key " + std::string(id) + " is not 64 hex digits (256 bits)");
        uint8_t* key = result.keys_->data() + result.ids_.size() * Key256::kSize;
        for (size_t i = 0; i < Key256::kSize; ++i) {
            const int high = hex_value(hex[2 * i]);
            const int low = hex_value(hex[2 * i + 1]);
            if (high < 0 || low < 0)
                fail(source, line_number, "key " + std::string(id) + " has a character that is not a hex digit");
            key[i] = static_cast<uint8_t>(high << 4 | low);
        }

        if (field_count == 3) {
            if (fields[2] != "active")
                fail(source, line_number, "the third field may only be `active`");
            if (active_line)
                fail(source, line_number, "a second active key (the first is on line " +
                                              std::to_string(*active_line) + "); exactly one key is active");
            active_line = line_number;
            result.active_ = result.ids_.size();
        }
        for (size_t i = 0; i < result.ids_.size(); ++i)
            if (result.ids_[i] == id)
                fail(source, line_number, "key id " + std::string(id) + " appears twice (first on line " +
                                              std::to_string(id_lines[i]) + ")");
        result.ids_.emplace_back(id);
        id_lines.push_back(line_number);
    }
    if (result.ids_.empty()) fail(source, 0, "holds no key");
    if (!active_line) fail(source, 0, "no key is marked `active`; exactly one must be");
    return result;
}

MasterKeys MasterKeys::load_file(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(path, 0, std::string("cannot open: ") + std::strerror(errno));
    struct FdCloser {
        int fd;
        ~FdCloser() { close(fd); }
    } closer{fd};

    struct stat info;
    if (fstat(fd, &info) != 0) fail(path, 0, std::string("cannot stat: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) fail(path, 0, "is not a regular file");
    if (info.st_uid == geteuid()) {
        if (info.st_mode & (S_IRWXG | S_IRWXO))
            fail(path, 0, "has group or world access; it must not (chmod 0600)");
    } else if (info.st_uid == 0) {
        if (info.st_mode & (S_IWGRP | S_IXGRP | S_IRWXO))
            fail(path, 0, "is owned by root and allows more than group read; it must not (chmod 0640)");
    } else {
        fail(path, 0, "must be owned by the database server's user or by root");
    }

    LockedBuffer buffer(kMaxSourceSize);
    const size_t size = read_all(fd, buffer, path);
    return parse(std::string_view(reinterpret_cast<const char*>(buffer.data()), size), path);
}

MasterKeys MasterKeys::load_command(const std::string& command) {
    constexpr std::string_view kSource = "tenant_guard.key_command";
    fflush(nullptr);
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) fail(kSource, 0, std::string("cannot run: ") + std::strerror(errno));
    LockedBuffer buffer(kMaxSourceSize);
    size_t size = 0;
    try {
        size = read_all(fileno(pipe), buffer, kSource);
    } catch (...) {
        pclose(pipe);
        throw;
    }
    const int status = pclose(pipe);
    if (status == -1) fail(kSource, 0, std::string("cannot wait for it: ") + std::strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail(kSource, 0, WIFEXITED(status)
                             ? "exited with status " + std::to_string(WEXITSTATUS(status))
                             : std::string("was terminated by a signal"));
    return parse(std::string_view(reinterpret_cast<const char*>(buffer.data()), size), kSource);
}

std::optional<size_t> MasterKeys::find(std::string_view id) const {
    for (size_t i = 0; i < ids_.size(); ++i)
        if (ids_[i] == id) return i;
    return std::nullopt;
}

}  // namespace tenant_guard
