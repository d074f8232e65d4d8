// libpq, loaded when `tenant-guard audit` first connects rather than when tenant-guard starts.
// Linked, it made every run of every subcommand load libpq's dependencies (Kerberos, LDAP,
// GnuTLS: some twenty libraries, about 3 ms, most of the start-up of a `check`), though only
// audit uses it.
#pragma once

#include <libpq-fe.h>

namespace tenant_guard::analyzer {

// The libpq functions that the audit calls, by their libpq names less the PQ prefix.
struct LibpqFunctions {
    decltype(&PQconnectdb) connectdb;
    decltype(&PQstatus) status;
    decltype(&PQerrorMessage) errorMessage;
    decltype(&PQfinish) finish;
    decltype(&PQexec) exec;
    decltype(&PQexecParams) execParams;
    decltype(&PQresultStatus) resultStatus;
    decltype(&PQresultErrorMessage) resultErrorMessage;
    decltype(&PQclear) clear;
    decltype(&PQntuples) ntuples;
    decltype(&PQnfields) nfields;
    decltype(&PQgetisnull) getisnull;
    decltype(&PQgetvalue) getvalue;
    decltype(&PQgetlength) getlength;
    decltype(&PQserverVersion) serverVersion;
    decltype(&PQhost) host;
    decltype(&PQport) port;
    decltype(&PQdb) db;
};

// libpq.so.5, loaded on the first call; throws CatalogError (catalog_session.h) if it cannot be
// loaded or lacks a function.
const LibpqFunctions& libpq();

}  // namespace tenant_guard::analyzer
