// Text that many objects repeat, held once: a finding's hint, table, command, policy and
// suppression reason, a column's name and type. A long history gives hundreds of thousands of
// findings and columns but only thousands of distinct such texts; each keeps a pointer to the
// one copy instead of a string of its own (bench/RESULTS.md, section 6.2). Copies are never
// freed: what the texts can be is bounded by what the inputs name.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace tenant_guard::analyzer {

class SharedText {
public:
    SharedText() = default;
    // Implicit, so that a finding's texts are assigned as strings are.
    SharedText(std::string_view text);
    SharedText(const std::string& text) : SharedText(std::string_view(text)) {}
    SharedText(const char* text) : SharedText(std::string_view(text)) {}

    const std::string& str() const { return text_ ? *text_ : empty_text(); }
    bool empty() const { return text_ == nullptr; }

    // Equal texts share one copy.
    friend bool operator==(const SharedText& a, const SharedText& b) { return a.text_ == b.text_; }
    // One overload for each kind of text, so that none is ambiguous.
    friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const SharedText& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }
    template <typename Text>
    friend bool operator!=(const SharedText& a, const Text& b) { return !(a == b); }
    friend std::ostream& operator<<(std::ostream& out, const SharedText& text) { return out << text.str(); }

private:
    friend struct std::hash<SharedText>;
    static const std::string& empty_text();

    const std::string* text_ = nullptr;  // null: the empty text
};

}  // namespace tenant_guard::analyzer

// Equal texts share one copy: the copy's address identifies the text.
template <>
struct std::hash<tenant_guard::analyzer::SharedText> {
    size_t operator()(const tenant_guard::analyzer::SharedText& text) const noexcept {
        return std::hash<const void*>()(text.text_);
    }
};
