// One libpq connection to the database that `tenant-guard audit` reads, inside a single
// REPEATABLE READ READ ONLY transaction: every query sees the same snapshot of the catalog, and
// nothing the audit sends can change the database. The search_path is empty for the whole
// transaction, so that pg_get_expr() qualifies every name outside pg_catalog.
//
// Errors are CatalogError with libpq's message for the failing step. Neither this file nor its
// messages ever repeat the connection string: it may hold a password.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;

namespace tenant_guard::analyzer {

class CatalogError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A query's rows, as text; a NULL is nullopt.
using CatalogRow = std::vector<std::optional<std::string>>;

class CatalogSession {
public:
    // conninfo: a libpq connection string or URI (PGHOST and the other variables fill gaps).
    explicit CatalogSession(const std::string& conninfo);
    ~CatalogSession();
    CatalogSession(const CatalogSession&) = delete;
    CatalogSession& operator=(const CatalogSession&) = delete;

    // Runs sql with text parameters $1, $2, ...; what: the step, for the error message.
    std::vector<CatalogRow> query(const std::string& what, const std::string& sql,
                                  const std::vector<std::string>& parameters = {});

    int server_version() const;  // PQserverVersion: 150004, 170002, ...
    // postgresql://host:port/database, without user or password: where the findings are.
    std::string location() const;

private:
    pg_conn* connection_ = nullptr;
};

}  // namespace tenant_guard::analyzer
