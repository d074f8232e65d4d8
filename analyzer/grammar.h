// The PostgreSQL grammar this build parses: the major version of the PostgreSQL parser inside
// libpg_query. CMakeLists.txt defines TENANT_GUARD_GRAMMAR from pg_query.h, as a string literal
// ("15", "17", "18") so that messages can be put together at compile time; pg_nodes.h checks
// it against the server headers.
#pragma once

#ifndef TENANT_GUARD_GRAMMAR
#error "TENANT_GUARD_GRAMMAR: the PostgreSQL major version of libpg_query's parser (CMakeLists.txt)"
#endif

namespace tenant_guard::analyzer {

inline constexpr int kGrammarMajor = [] {
    int major = 0;
    for (const char* digit = TENANT_GUARD_GRAMMAR; *digit; ++digit) major = major * 10 + (*digit - '0');
    return major;
}();

}  // namespace tenant_guard::analyzer
