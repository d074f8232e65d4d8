#include "libpq_library.h"

#include <dlfcn.h>

#include <string>

#include "catalog_session.h"

namespace tenant_guard::analyzer {
namespace {

// libpq's soname: its ABI has been stable under it since PostgreSQL 8.4.
constexpr const char* kLibpq = "libpq.so.5";

LibpqFunctions load_libpq() {
    void* library = dlopen(kLibpq, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* reason = dlerror();
        throw CatalogError(std::string("cannot load ") + kLibpq + " (" + (reason ? reason : "unknown reason") +
                           "): tenant-guard audit needs libpq, Debian's package libpq5");
    }
    // Kept loaded for the rest of the process: the functions below point into it.
    LibpqFunctions functions{};
    auto bind = [&](auto& function, const char* name) {
        void* symbol = dlsym(library, name);
        if (symbol == nullptr) throw CatalogError(std::string(kLibpq) + " has no " + name);
        function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(symbol);
    };
    bind(functions.connectdb, "PQconnectdb");
    bind(functions.status, "PQstatus");
    bind(functions.errorMessage, "PQerrorMessage");
    bind(functions.finish, "PQfinish");
    bind(functions.exec, "PQexec");
    bind(functions.execParams, "PQexecParams");
    bind(functions.resultStatus, "PQresultStatus");
    bind(functions.resultErrorMessage, "PQresultErrorMessage");
    bind(functions.clear, "PQclear");
    bind(functions.ntuples, "PQntuples");
    bind(functions.nfields, "PQnfields");
    bind(functions.getisnull, "PQgetisnull");
    bind(functions.getvalue, "PQgetvalue");
    bind(functions.getlength, "PQgetlength");
    bind(functions.serverVersion, "PQserverVersion");
    bind(functions.host, "PQhost");
    bind(functions.port, "PQport");
    bind(functions.db, "PQdb");
    return functions;
}

}  // namespace

const LibpqFunctions& libpq() {
    static const LibpqFunctions functions = load_libpq();
    return functions;
}

}  // namespace tenant_guard::analyzer
