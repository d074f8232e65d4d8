// The one idiom of extension/'s entry points (SQL functions, triggers, event triggers):
//
//   TG_SQL_FUNCTION(tg_name)
//   extern "C" Datum tg_name(PG_FUNCTION_ARGS) { ... }
//
// The body is C-style code: PostgreSQL calls, plain data, no C++ object with a destructor, so
// that an ereport from any PostgreSQL call skips nothing. C++ work (key_ring.cpp,
// guard_bridge.cpp, on core/) is reached only through noexcept functions that return an
// Outcome (boundary.h): they run it inside try/catch with run_cpp, its destructors run there,
// and the entry point raises what failed with value_or_raise, after the C++ scope is gone.
#pragma once

#include "pg_headers.h"

#include <type_traits>

#include "boundary.h"

// Declares an entry point for fmgr and exports it (extension/exports.map), although the
// library is built with hidden visibility.
#define TG_SQL_FUNCTION(name)                            \
    _Pragma("GCC visibility push(default)") extern "C" { \
        PG_FUNCTION_INFO_V1(name);                       \
    }                                                    \
    _Pragma("GCC visibility pop")

// ereport(ERROR) of what a C++ call returned.
[[noreturn]] void raise_boundary_error(const tenant_guard::BoundaryError& error);

// The value of a C++ call, or its error raised.
template <typename T>
T value_or_raise(const tenant_guard::Outcome<T>& outcome) {
    static_assert(std::is_trivially_destructible_v<tenant_guard::Outcome<T>>);
    if (!outcome.ok) raise_boundary_error(outcome.error);
    return outcome.value;
}
