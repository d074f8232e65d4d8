#include "shared_text.h"

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

}  // namespace

SharedText::SharedText(std::string_view text) {
    if (text.empty()) return;
    TextPool& texts = pool();
    std::lock_guard<std::mutex> lock(texts.mutex);
    auto found = texts.index.find(text);
    if (found == texts.index.end()) {
        const std::string& copy = texts.texts.emplace_back(text);
        found = texts.index.emplace(copy, &copy).first;
    }
    text_ = found->second;
}

const std::string& SharedText::str() const {
    static const std::string empty;
    return text_ ? *text_ : empty;
}

}  // namespace tenant_guard::analyzer
