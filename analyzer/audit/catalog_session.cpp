#include "catalog_session.h"

#include "libpq_library.h"

namespace tenant_guard::analyzer {
namespace {

// libpq's messages end with a newline and may span lines: one line for ours.
std::string one_line(const char* message) {
    std::string out = message ? message : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    for (char& c : out)
        if (c == '\n') c = ' ';
    return out;
}

}  // namespace

CatalogSession::CatalogSession(const std::string& conninfo) {
    const LibpqFunctions& pq = libpq();
    connection_ = pq.connectdb(conninfo.c_str());
    if (connection_ == nullptr) throw CatalogError("cannot connect: out of memory");
    if (pq.status(connection_) != CONNECTION_OK) {
        std::string message = one_line(pq.errorMessage(connection_));
        pq.finish(connection_);
        connection_ = nullptr;
        throw CatalogError("cannot connect: " + message);
    }
    // The empty search_path makes pg_get_expr() qualify every name that pg_catalog does not
    // hold; REPEATABLE READ gives every query the same snapshot.
    query("starting a read-only transaction",
          "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    query("emptying the search_path", "SET LOCAL search_path = ''");
}

CatalogSession::~CatalogSession() {
    if (connection_ == nullptr) return;
    const LibpqFunctions& pq = libpq();
    pq.clear(pq.exec(connection_, "ROLLBACK"));
    pq.finish(connection_);
}

std::vector<CatalogRow> CatalogSession::query(const std::string& what, const std::string& sql,
                                              const std::vector<std::string>& parameters) {
    const LibpqFunctions& pq = libpq();
    std::vector<const char*> values;
    for (const std::string& parameter : parameters) values.push_back(parameter.c_str());
    PGresult* result = pq.execParams(connection_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0);
    ExecStatusType status = pq.resultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        std::string message = one_line(result ? pq.resultErrorMessage(result) : pq.errorMessage(connection_));
        pq.clear(result);
        throw CatalogError(what + ": " + message);
    }
    std::vector<CatalogRow> rows;
    const int nrows = pq.ntuples(result), ncolumns = pq.nfields(result);
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
        CatalogRow row;
        for (int c = 0; c < ncolumns; ++c) {
            if (pq.getisnull(result, r, c)) row.emplace_back(std::nullopt);
            else row.emplace_back(std::string(pq.getvalue(result, r, c), pq.getlength(result, r, c)));
        }
        rows.push_back(std::move(row));
    }
    pq.clear(result);
    return rows;
}

int CatalogSession::server_version() const { return libpq().serverVersion(connection_); }

std::string CatalogSession::location() const {
    const LibpqFunctions& pq = libpq();
    const char* host = pq.host(connection_);
    std::string shown = host && host[0] != '/' ? host : "";  // a socket folder is no host
    if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";  // IPv6
    const char* port = pq.port(connection_);
    const char* database = pq.db(connection_);
    return "postgresql://" + shown + (port && *port ? std::string(":") + port : "") + "/" +
           (database ? database : "");
}

}  // namespace tenant_guard::analyzer
