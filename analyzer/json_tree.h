// Reading libpg_query's JSON parse trees with simdjson: absent keys read as the defaults
// that libpg_query leaves out of its output (false, 0, empty).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tenant_guard::analyzer::json_tree {

using Node = simdjson::dom::element;

inline bool field(Node node, std::string_view key, Node& out) {
    return node.at_key(key).get(out) == simdjson::SUCCESS;
}

inline bool has(Node node, std::string_view key) {
    Node ignored;
    return field(node, key, ignored);
}

inline std::string_view text(Node node, std::string_view key) {
    std::string_view value;
    if (node.at_key(key).get(value) != simdjson::SUCCESS) return {};
    return value;
}

inline int64_t integer(Node node, std::string_view key, int64_t fallback = 0) {
    int64_t value;
    if (node.at_key(key).get(value) != simdjson::SUCCESS) return fallback;
    return value;
}

inline bool boolean(Node node, std::string_view key) {
    bool value;
    if (node.at_key(key).get(value) != simdjson::SUCCESS) return false;
    return value;
}

// A real empty array: a default-constructed dom::array has no tape and cannot be iterated.
inline simdjson::dom::array empty_array() {
    static simdjson::dom::parser parser;
    static const simdjson::dom::array empty = parser.parse(std::string_view("[]")).get_array().value();
    return empty;
}

// The elements of an array field; an empty array when absent or not an array.
inline simdjson::dom::array list(Node node, std::string_view key) {
    simdjson::dom::array value;
    if (node.at_key(key).get(value) != simdjson::SUCCESS) return empty_array();
    return value;
}

// A wrapped node {"TypeName": {...}}: its type and body. False if not of that shape.
inline bool unwrap(Node node, std::string_view& type, Node& body) {
    simdjson::dom::object object;
    if (node.get(object) != simdjson::SUCCESS) return false;
    for (auto member : object) {
        type = member.key;
        body = member.value;
        return true;
    }
    return false;
}

inline bool unwrap_as(Node node, std::string_view expected, Node& body) {
    std::string_view type;
    return unwrap(node, type, body) && type == expected;
}

// The sval of each {"String": {"sval": ...}} of a list field (names, fields, items).
inline std::vector<std::string_view> strings(Node node, std::string_view key) {
    std::vector<std::string_view> values;
    for (Node item : list(node, key)) {
        Node body;
        if (unwrap_as(item, "String", body)) values.push_back(text(body, "sval"));
    }
    return values;
}

inline std::vector<std::string_view> strings_of_list(simdjson::dom::array items) {
    std::vector<std::string_view> values;
    for (Node item : items) {
        Node body;
        if (unwrap_as(item, "String", body)) values.push_back(text(body, "sval"));
    }
    return values;
}

// The string of an A_Const, possibly wrapped in a TypeCast ('x'::regclass); empty if none.
inline bool string_constant(Node expression, std::string_view& value) {
    std::string_view type;
    Node body;
    if (!unwrap(expression, type, body)) return false;
    if (type == "TypeCast") {
        Node argument;
        return field(body, "arg", argument) && string_constant(argument, value);
    }
    if (type != "A_Const") return false;
    Node sval;
    if (!field(body, "sval", sval)) return false;
    value = text(sval, "sval");
    return true;
}

}  // namespace tenant_guard::analyzer::json_tree
