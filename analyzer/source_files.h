// The files of one analysis, in the order they were read. One thread appends while another
// reads the files appended before (analyse() reads the next file while the front end parses
// and models the earlier ones), and how many files there will be is not known beforehand (a
// folder is listed when it is reached): a file never moves once appended, and nothing that
// locates the files is reallocated, as a vector's storage would be when it grows.
#pragma once

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "source_file.h"

namespace tenant_guard::analyzer {

class SourceFiles {
public:
    template <typename... Arguments>
    SourceFile& emplace_back(Arguments&&... arguments) {
        auto [segment, offset] = place(size_);
        std::vector<SourceFile>& files = segments_[segment];
        if (offset == 0) files.reserve(kFirstSegmentSize << segment);  // never grows past it
        files.emplace_back(std::forward<Arguments>(arguments)...);
        ++size_;
        return files.back();
    }

    const SourceFile& operator[](size_t index) const {
        auto [segment, offset] = place(index);
        return segments_[segment][offset];
    }
    SourceFile& operator[](size_t index) {
        auto [segment, offset] = place(index);
        return segments_[segment][offset];
    }

    // On the appending thread, or once the appending is over.
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

private:
    // Segment k holds kFirstSegmentSize << k files, from index kFirstSegmentSize * (2^k - 1).
    static constexpr size_t kFirstSegmentSize = 64;
    static constexpr size_t kSegments = 32;  // room for 64 * (2^32 - 1) files

    static std::pair<size_t, size_t> place(size_t index) {
        const size_t scaled = index / kFirstSegmentSize + 1;  // in [2^k, 2^(k+1)) in segment k
        const size_t segment = 63 - static_cast<size_t>(__builtin_clzll(static_cast<unsigned long long>(scaled)));
        return {segment, index - kFirstSegmentSize * ((size_t{1} << segment) - 1)};
    }

    std::array<std::vector<SourceFile>, kSegments> segments_;
    size_t size_ = 0;
};

}  // namespace tenant_guard::analyzer
