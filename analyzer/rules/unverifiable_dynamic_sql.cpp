// unverifiable-dynamic-sql: SQL that only exists at run time, so no static check sees it.
#include "registry.h"

namespace tenant_guard::analyzer {

namespace {
void check(const RuleInput& input, std::vector<Finding>& findings) {
    for (const DynamicSql& dynamic : input.facts.dynamic_sql) {
        Finding finding;
        finding.rule = "unverifiable-dynamic-sql";
        finding.location = dynamic.location;
        finding.statement = dynamic.statement;
        finding.message = dynamic.description;
        finding.hint = "write the DDL as plain statements in the migration, or review it and approve it: "
                       "-- tenant-guard: ignore unverifiable-dynamic-sql <reason>";
        findings.push_back(std::move(finding));
    }
}
}  // namespace

const RuleInfo kUnverifiableDynamicSqlRule{
    "unverifiable-dynamic-sql",
    Level::Warning,
    "SQL built at run time (EXECUTE in a DO block or a function, psql :variables) cannot be checked",
    R"(The checker models the static SQL of migrations, including the statements inside DO
blocks (PL/pgSQL is parsed too, and EXECUTE of a constant string is modelled). It cannot
know what EXECUTE format('ALTER TABLE %I ...', t) does, so it says so instead of passing it
silently; the database guard still checks such DDL when it runs. Reported:
  - EXECUTE of a built string in a DO block;
  - EXECUTE in a PL/pgSQL function whose expression mentions DDL (CREATE, ALTER, DROP,
    TRUNCATE, GRANT, REVOKE, POLICY, ROW LEVEL SECURITY);
  - a statement that uses a psql variable (:name, :'name', :"name"), which only psql fills in;
  - a DO block whose PL/pgSQL body cannot be read.

Example:
    DO $$ DECLARE t text; BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      END LOOP;
    END $$;

Fix: write one ALTER TABLE ... ENABLE ROW LEVEL SECURITY per table, or approve the block:
    -- tenant-guard: ignore unverifiable-dynamic-sql enables RLS on every public table)",
    check,
};

}  // namespace tenant_guard::analyzer
