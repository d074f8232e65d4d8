#include "shared_text.h"

#include <array>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace tenant_guard::analyzer {

namespace {

// Every distinct text, for the life of the process: what findings name is bounded by what
// the inputs name. A deque keeps each copy where it is while more are added.
struct TextPool {
    std::mutex mutex;
    std::deque<std::string> texts;
    std::unordered_map<std::string_view, const std::string*> index;  // keys view texts
};

TextPool& pool() {
    static TextPool* texts = new TextPool;  // never destroyed: findings may outlive static destructors
    return *texts;
}

// Most texts recur soon after (a table's column names and types, its findings' hints): a
// small cache on each thread finds those without the pool's lock and hash. It holds the
// pool's pointers, valid as long as the process.
struct RecentTexts {
    static constexpr size_t kSlots = 256;
    std::array<const std::string*, kSlots> slots{};

    const std::string*& slot(std::string_view text) {
        const size_t mix = text.size() * 131 + static_cast<unsigned char>(text.front()) * 31 +
                           static_cast<unsigned char>(text[text.size() / 2]) * 7 + static_cast<unsigned char>(text.back());
        return slots[mix % kSlots];
    }
};

}  // namespace

SharedText::SharedText(std::string_view text) {
    if (text.empty()) return;
    thread_local RecentTexts recent;
    const std::string*& cached = recent.slot(text);
    if (cached && *cached == text) {
        text_ = cached;
        return;
    }
    TextPool& texts = pool();
    std::lock_guard<std::mutex> lock(texts.mutex);
    auto found = texts.index.find(text);
    if (found == texts.index.end()) {
        const std::string& copy = texts.texts.emplace_back(text);
        found = texts.index.emplace(copy, &copy).first;
    }
    text_ = found->second;
    cached = text_;
}

const std::string& SharedText::empty_text() {
    static const std::string empty;
    return empty;
}

}  // namespace tenant_guard::analyzer
