// unverifiable-dynamic-sql: SQL that only exists at run time, so no static check sees it:
// EXECUTE of a built string in a DO block, EXECUTE that builds DDL in a PL/pgSQL function, a
// DO block whose body cannot be read, and statements using psql variables where they may
// build SQL (the front end reads those in an INSERT's or UPDATE's values as values).

#include "pg_nodes.h"
#include "plpgsql_bodies.h"
#include "rule.h"
#include "sql_lexer.h"

namespace tenant_guard::analyzer {

namespace {

std::string abbreviate(std::string_view query) {
    std::string text;
    for (char c : query) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && !text.empty() && text.back() == ' ') continue;
        text.push_back(c);
    }
    if (text.size() > 80) {
        size_t cut = 77;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "...";
    }
    return text;
}

class Check : public Rule {
public:
    void statement(const StatementInput& input, std::vector<Finding>& findings) override {
        const StatementContext& context = input.context;
        if (pg::as<DoStmt>(input.node)) {
            const PlpgsqlBody& body = input.do_block_body();
            if (!body.error.empty())
                add(context.statement, {context.file, context.start},
                    "the DO block's PL/pgSQL body could not be read (" + body.error + "); its statements are not checked",
                    findings);
            for (const PlpgsqlStatement& statement : body.statements)
                if (statement.kind == PlpgsqlStatement::Kind::Execute && !statement.constant_sql)
                    add(context.statement, {context.file, statement.offset},
                        "EXECUTE runs SQL built at run time in a DO block: " + abbreviate(statement.query), findings);
        } else if (const CreateFunctionStmt* function = pg::as<CreateFunctionStmt>(input.node)) {
            // A function runs later, not in the migration: only the DDL it builds is unverifiable.
            // An EXECUTE's expression is part of the body: without a DDL word in the body, none
            // of them builds DDL, and the body need not be parsed.
            std::string_view code = plpgsql_function_code(*function);
            if (find_word(code, "execute") == std::string_view::npos || !looks_like_ddl(code)) return;
            for (const PlpgsqlStatement& statement : read_function_executes(*function, context, input.file()).statements)
                if (statement.kind == PlpgsqlStatement::Kind::Execute && looks_like_ddl(statement.query))
                    add(context.statement, {context.file, statement.offset},
                        "EXECUTE builds DDL at run time in a function: " + abbreviate(statement.query), findings);
        }
    }

    void finish(const FinishInput& input, std::vector<Finding>& findings) override {
        for (const PsqlVariable& variable : input.facts.psql_variables) {
            add(variable.statement, variable.location,
                "the statement uses the psql variable " + variable.name +
                    ", which only psql fills in: the checker cannot verify it",
                findings);
        }
    }

private:
    static void add(uint32_t statement, Location location, std::string message, std::vector<Finding>& findings) {
        Finding finding;
        finding.location = location;
        finding.statement = statement;
        finding.message = std::move(message);
        finding.hint = "write the DDL as plain statements in the migration, or review it and approve it: "
                       "-- tenant-guard: ignore unverifiable-dynamic-sql <reason>";
        findings.push_back(std::move(finding));
    }
};

}  // namespace

template <>
const RuleDefinition& rule_definition<RuleId::UnverifiableDynamicSql>() {
    static const RuleDefinition definition{
        R"(The checker models the static SQL of migrations, including the statements inside DO
blocks (PL/pgSQL is parsed too, and EXECUTE of a constant string is modelled). It cannot
know what EXECUTE format('ALTER TABLE %I ...', t) does, so it says so instead of passing it
silently; the database guard still checks such DDL when it runs. Reported:
  - EXECUTE of a built string in a DO block;
  - EXECUTE in a PL/pgSQL function whose expression mentions DDL (CREATE, ALTER, DROP,
    TRUNCATE, GRANT, REVOKE, POLICY, ROW LEVEL SECURITY);
  - a statement that uses a psql variable (:name, :'name', :"name"), which only psql fills
    in, except an INSERT or UPDATE whose variables stand where values go (such as VALUES
    (:id, :'name') or SET name = :'name' WHERE id = :id): those build no SQL, and the
    statement is checked as if they were values. psql pastes :name as written, so review
    what the \set lines give them;
  - a DO block whose PL/pgSQL body cannot be read.

Example:
    DO $$ DECLARE t text; BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
      END LOOP;
    END $$;

Fix: write one ALTER TABLE ... ENABLE ROW LEVEL SECURITY per table, or approve the block:
    -- tenant-guard: ignore unverifiable-dynamic-sql enables RLS on every public table)",
        [](const Config&) -> std::unique_ptr<Rule> { return std::make_unique<Check>(); },
    };
    return definition;
}

}  // namespace tenant_guard::analyzer
