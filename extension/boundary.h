// The one result type between the C++ of extension/ (key_ring.cpp, guard_bridge.cpp, on core/)
// and its PostgreSQL glue: an Outcome is a value, or the error that the glue raises with
// value_or_raise (sql_function.h). It is plain data, so that an ereport may skip it.
//
// The C++ side makes it with run_cpp: the body runs inside try/catch, every destructor of the
// body runs there, and what escaped becomes the error. The PostgreSQL side raises that error
// only after run_cpp has returned, outside every C++ scope. This header includes no PostgreSQL
// header: both sides include it.
#pragma once

#include <cstdio>
#include <exception>
#include <new>
#include <type_traits>

namespace tenant_guard {

// An error as PostgreSQL will report it. Text only: never key material or plaintext.
struct BoundaryError {
    char sqlstate[6];  // five characters, e.g. "53200"
    char message[256];
    char detail[512];  // "" for none
    char hint[256];    // "" for none
};

template <typename T>
struct Outcome {
    static_assert(std::is_trivially_destructible_v<T>,
                  "an Outcome crosses PostgreSQL frames: its value must need no destructor");
    bool ok;
    T value;              // when ok
    BoundaryError error;  // when !ok
};

inline BoundaryError boundary_error(const char* sqlstate, const char* message, const char* detail = "",
                                    const char* hint = "") noexcept {
    BoundaryError error{};
    std::snprintf(error.sqlstate, sizeof error.sqlstate, "%s", sqlstate);
    std::snprintf(error.message, sizeof error.message, "%s", message);
    std::snprintf(error.detail, sizeof error.detail, "%s", detail);
    std::snprintf(error.hint, sizeof error.hint, "%s", hint);
    return error;
}

template <typename T>
Outcome<T> success(T value) noexcept {
    Outcome<T> outcome{};
    outcome.ok = true;
    outcome.value = value;
    return outcome;
}

template <typename T>
Outcome<T> failure(const BoundaryError& error) noexcept {
    Outcome<T> outcome{};
    outcome.ok = false;
    outcome.error = error;
    return outcome;
}

// Runs body (C++ that never calls PostgreSQL) and returns its value, or the error that escaped
// it: out of memory as SQLSTATE 53200, any other exception as failure_sqlstate with the message
// "tenant_guard could not <what>" and the exception's text as the detail.
template <typename T, typename Body>
Outcome<T> run_cpp(const char* what, const char* failure_sqlstate, Body&& body) noexcept {
    char text[256];
    try {
        return success<T>(body());
    } catch (const std::bad_alloc&) {
        std::snprintf(text, sizeof text, "tenant_guard could not %s.", what);
        return failure<T>(boundary_error("53200", "out of memory", text));
    } catch (const std::exception& e) {
        std::snprintf(text, sizeof text, "tenant_guard could not %s", what);
        return failure<T>(boundary_error(failure_sqlstate, text, e.what()));
    } catch (...) {
        std::snprintf(text, sizeof text, "tenant_guard could not %s", what);
        return failure<T>(boundary_error(failure_sqlstate, text, "unexpected failure"));
    }
}

}  // namespace tenant_guard
