// Every rule of the checker, one line each, in the order of `tenant-guard rules`, of SARIF's
// rule list and of findings at one position:
//   X(Id, name, default level, one-line summary)
// The rule's detection and its explanation (the text of `tenant-guard explain`, from which
// docs/rules/<name>.md is generated, and SARIF's help) are in rules/<name>.cpp, which defines
// rule_definition<RuleId::Id>(). Adding a rule: a line here, that file, its doc page
// (docs/rules/generate.py) and its golden case.
#pragma once

#include "grammar.h"  // TENANT_GUARD_GRAMMAR, which syntax-error's summary names

// clang-format off
#define TENANT_GUARD_RULES(X) \
    X(TenantTableWithoutRls, "tenant-table-without-rls", Error, "a tenant table (one with the tenant column) does not have row level security enabled") \
    X(TenantTableMissingPolicy, "tenant-table-missing-policy", Warning, "no policy grants one of SELECT, INSERT, UPDATE, DELETE on a tenant table, so it is denied") \
    X(PolicyNotTenantScoped, "policy-not-tenant-scoped", Error, "a policy lets a role subject to row level security see or write other organisations' rows") \
    X(ViewBypassesRls, "view-bypasses-rls", Error, "a view reads a tenant table without security_invoker, or a materialized view reads one") \
    X(ParentExposesTenantRows, "parent-exposes-tenant-rows", Error, "an inheritance parent without the tenant column exposes its tenant descendants' rows") \
    X(UnapprovedDestructiveChange, "unapproved-destructive-change", Error, "DROP TABLE/COLUMN/SCHEMA/POLICY, TRUNCATE, ALTER COLUMN TYPE, DELETE or UPDATE without WHERE, not approved") \
    X(PlaintextSecretColumn, "plaintext-secret-column", Warning, "a column named like a token, secret, password, API key, credential or private key is text, varchar or json(b)") \
    X(SecurityDefinerSearchPath, "security-definer-search-path", Warning, "a SECURITY DEFINER function without SET search_path runs the caller's objects with its owner's rights") \
    X(UnverifiableDynamicSql, "unverifiable-dynamic-sql", Warning, "SQL built at run time (EXECUTE in a DO block or a function, psql :variables) cannot be checked") \
    X(SyntaxError, "syntax-error", Error, "a statement does not parse (PostgreSQL " TENANT_GUARD_GRAMMAR " grammar); position from the parser") \
    X(InvalidSuppression, "invalid-suppression", Error, "a tenant-guard: ignore comment without a reason, or naming an unknown rule")
// clang-format on
