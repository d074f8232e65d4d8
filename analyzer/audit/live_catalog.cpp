#include "live_catalog.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "isolation.h"
#include "policy_text.h"

namespace tenant_guard::analyzer {
namespace v2 = isolation::v2;

namespace {

using Oid = unsigned long;

Oid to_oid(const std::optional<std::string>& text) { return text ? std::strtoul(text->c_str(), nullptr, 10) : 0; }
bool to_bool(const std::optional<std::string>& text) { return text && *text == "t"; }
std::string to_text(const std::optional<std::string>& text) { return text.value_or(""); }

// A relation of pg_class that policies, views or the rule may name.
struct CatalogRelation {
    Oid oid = 0;
    std::string schema, name, owner;
    char kind = 'r';
    bool temporary = false;
    bool row_level_security = false;
    bool force_row_level_security = false;
    bool security_invoker = false;
    std::string qualified() const { return isolation::qualified_name(schema, name); }
};

// The whole catalog as far as the audit needs it, and the ReductionScope of policy
// expressions: pg_get_expr() printed names outside pg_catalog qualified, so an unqualified
// relation or function is pg_catalog's.
class LiveCatalog : public ReductionScope {
public:
    explicit LiveCatalog(CatalogSession& session) : session_(session) {
        for (const CatalogRow& row : session_.query(
                 "reading pg_class",
                 "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 't', "
                 "pg_catalog.pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity, "
                 "c.relkind = 'v' AND COALESCE((SELECT pg_catalog.substr(o, 18)::pg_catalog.bool "
                 "  FROM pg_catalog.unnest(c.reloptions) AS o "
                 "  WHERE pg_catalog.starts_with(o, 'security_invoker=') LIMIT 1), false) "
                 "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')")) {
            CatalogRelation relation;
            relation.oid = to_oid(row[0]);
            relation.schema = to_text(row[1]);
            relation.name = to_text(row[2]);
            relation.kind = to_text(row[3]).empty() ? 'r' : to_text(row[3])[0];
            relation.temporary = to_bool(row[4]);
            relation.owner = to_text(row[5]);
            relation.row_level_security = to_bool(row[6]);
            relation.force_row_level_security = to_bool(row[7]);
            relation.security_invoker = to_bool(row[8]);
            by_name_[{relation.schema, relation.name}] = relation.oid;
            relations_[relation.oid] = std::move(relation);
        }
    }

    const std::map<Oid, CatalogRelation>& relations() const { return relations_; }
    const CatalogRelation* find(Oid oid) const {
        auto found = relations_.find(oid);
        return found == relations_.end() ? nullptr : &found->second;
    }

    const std::vector<std::string>& columns(Oid oid) const {
        auto cached = columns_.find(oid);
        if (cached != columns_.end()) return cached->second;
        std::vector<std::string> names;
        for (const CatalogRow& row : session_.query(
                 "reading pg_attribute",
                 "SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::pg_catalog.oid "
                 "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                 {std::to_string(oid)}))
            names.push_back(to_text(row[0]));
        return columns_[oid] = std::move(names);
    }

    std::optional<ResolvedRelation> relation(const std::string& schema, const std::string& name) const override {
        auto found = by_name_.find({schema.empty() ? "pg_catalog" : schema, name});
        if (found == by_name_.end()) return std::nullopt;
        return ResolvedRelation{columns(found->second), relations_.at(found->second).temporary};
    }

    ResolvedFunction function(const std::string& name, std::size_t) const override {
        auto cached = catalog_functions_.find(name);
        if (cached == catalog_functions_.end()) {
            const bool exists = !session_
                                     .query("reading pg_proc",
                                            "SELECT 1 FROM pg_catalog.pg_proc p WHERE p.proname = $1 AND "
                                            "p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace LIMIT 1",
                                            {name})
                                     .empty();
            cached = catalog_functions_.emplace(name, exists).first;
        }
        ResolvedFunction resolved;
        resolved.origin = cached->second ? ResolvedFunction::Origin::Catalog : ResolvedFunction::Origin::Unknown;
        return resolved;
    }

private:
    CatalogSession& session_;
    std::map<Oid, CatalogRelation> relations_;
    std::map<std::pair<std::string, std::string>, Oid> by_name_;
    mutable std::map<Oid, std::vector<std::string>> columns_;
    mutable std::map<std::string, bool> catalog_functions_;
};

// tenant_guard.<name>, when it exists and the role may read it: its oid, else 0. unreadable is
// set when it exists but may not be read.
Oid extension_table(CatalogSession& session, const std::string& name, bool& unreadable) {
    unreadable = false;
    for (const CatalogRow& row : session.query(
             "looking for tenant_guard." + name,
             "SELECT c.oid, pg_catalog.has_table_privilege(c.oid, 'SELECT') FROM pg_catalog.pg_class c "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname = 'tenant_guard' AND c.relname = $1 AND c.relkind = 'r'",
             {name})) {
        if (to_bool(row[1])) return to_oid(row[0]);
        unreadable = true;
    }
    return 0;
}

std::map<Oid, isolation::Exemption> read_exemptions(CatalogSession& session, std::vector<std::string>& caveats) {
    std::map<Oid, isolation::Exemption> out;
    bool unreadable;
    if (extension_table(session, "exemptions", unreadable) == 0) {
        if (unreadable)
            caveats.push_back("this role may not read tenant_guard.exemptions: exempted tables are judged as if "
                              "they were not exempted");
        return out;
    }
    for (const CatalogRow& row : session.query(
             "reading tenant_guard.exemptions",
             "SELECT e.relid::pg_catalog.oid, e.reason, e.exempted_by::pg_catalog.text, "
             "pg_catalog.to_char(e.exempted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"') "
             "FROM tenant_guard.exemptions e"))
        out[to_oid(row[0])] = isolation::Exemption{to_text(row[1]), to_text(row[2]), to_text(row[3])};
    return out;
}

// The states tenant_guard.report() lists, in its order.
std::optional<std::vector<isolation::KeyStateCount>> read_org_keys(CatalogSession& session) {
    bool unreadable;
    if (extension_table(session, "org_key", unreadable) == 0) return std::nullopt;
    std::vector<isolation::KeyStateCount> counts{{"active", 0}, {"decrypt-only", 0}, {"destroyed", 0}};
    for (const CatalogRow& row : session.query(
             "reading tenant_guard.org_key",
             "SELECT k.state::pg_catalog.text, pg_catalog.count(*) FROM tenant_guard.org_key k GROUP BY 1"))
        for (isolation::KeyStateCount& count : counts)
            if (count.state == to_text(row[0])) count.keys = std::strtoull(to_text(row[1]).c_str(), nullptr, 10);
    return counts;
}

struct RoleRows {
    std::vector<v2::Role> roles;
    std::map<Oid, std::string> names;
};

RoleRows read_roles(CatalogSession& session) {
    RoleRows out;
    std::map<Oid, size_t> index;
    for (const CatalogRow& row : session.query(
             "reading pg_roles", "SELECT r.oid, r.rolname, r.rolsuper, r.rolbypassrls FROM pg_catalog.pg_roles r")) {
        index[to_oid(row[0])] = out.roles.size();
        out.names[to_oid(row[0])] = to_text(row[1]);
        out.roles.push_back({to_text(row[1]), to_bool(row[2]), to_bool(row[3]), {}});
    }
    // Whether a member inherits a grant's privileges: the grant's INHERIT option from
    // PostgreSQL 16, the member's rolinherit before.
    const std::string inherits = session.server_version() >= 160000
                                     ? "SELECT m.member, m.roleid, m.inherit_option FROM pg_catalog.pg_auth_members m"
                                     : "SELECT m.member, m.roleid, r.rolinherit FROM pg_catalog.pg_auth_members m "
                                       "JOIN pg_catalog.pg_roles r ON r.oid = m.member";
    for (const CatalogRow& row : session.query("reading pg_auth_members", inherits)) {
        if (!to_bool(row[2])) continue;
        auto member = index.find(to_oid(row[0]));
        auto granted = out.names.find(to_oid(row[1]));
        if (member != index.end() && granted != out.names.end())
            out.roles[member->second].inherits_from.push_back(granted->second);
    }
    return out;
}

v2::PolicyCommand policy_command(const std::string& polcmd) {
    switch (polcmd.empty() ? '*' : polcmd[0]) {
        case 'r': return v2::PolicyCommand::Select;
        case 'a': return v2::PolicyCommand::Insert;
        case 'w': return v2::PolicyCommand::Update;
        case 'd': return v2::PolicyCommand::Delete;
        default: return v2::PolicyCommand::All;
    }
}

// "{0,16384}": the role oids of pg_policy.polroles.
std::vector<Oid> oid_array(const std::string& text) {
    std::vector<Oid> out;
    const char* p = text.c_str();
    while (*p) {
        if (*p >= '0' && *p <= '9') {
            char* end;
            out.push_back(std::strtoul(p, &end, 10));
            p = end;
        } else {
            ++p;
        }
    }
    return out;
}

class SchemaReader {
public:
    SchemaReader(CatalogSession& session, const Config& config) : session_(session), config_(config), catalog_(session) {}

    LiveSchema read() {
        LiveSchema out;
        for (const CatalogRow& row : session_.query(
                 "reading the database name",
                 "SELECT pg_catalog.current_database(), pg_catalog.to_char(pg_catalog.transaction_timestamp() "
                 "AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"')")) {
            out.database = to_text(row[0]);
            out.generated_at = to_text(row[1]);
        }
        exemptions_ = read_exemptions(session_, out.caveats);
        read_tenant_columns();
        RoleRows roles = read_roles(session_);
        role_names_ = roles.names;
        out.roles = std::move(roles.roles);

        std::vector<Oid> judged;  // tenant tables (exempted ones too) and parents, by name
        std::map<Oid, std::vector<std::string>> descendants = parents();
        for (const auto& [oid, relation] : catalog_.relations()) {
            if (tenant_column_.count(oid) || descendants.count(oid)) judged.push_back(oid);
        }
        std::map<Oid, std::vector<v2::Policy>> policies = read_policies(judged, out.caveats);

        for (Oid oid : judged) {
            const CatalogRelation& relation = *catalog_.find(oid);
            v2::Table table;
            table.schema = relation.schema;
            table.name = relation.name;
            table.owner = relation.owner;
            table.row_level_security = relation.row_level_security;
            table.force_row_level_security = relation.force_row_level_security;
            table.policies = std::move(policies[oid]);
            if (auto tenant = tenant_column_.find(oid); tenant != tenant_column_.end()) {
                table.tenant_column = tenant->second.first;
                table.tenant_column_type = tenant->second.second;
                auto exemption = exemptions_.find(oid);
                if (exemption == exemptions_.end()) out.judged_tenant_names.insert(relation.qualified());
                out.tenant_tables.push_back(
                    {std::move(table), exemption == exemptions_.end() ? std::nullopt
                                                                       : std::optional(exemption->second)});
            } else {
                table.tenant_descendants = descendants[oid];
                out.parents.push_back(std::move(table));
            }
        }
        out.views = views();
        out.org_keys = read_org_keys(session_);
        auto by_name = [](const auto& a, const auto& b) {
            return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
        };
        std::sort(out.tenant_tables.begin(), out.tenant_tables.end(),
                  [&](const auto& a, const auto& b) { return by_name(a.table, b.table); });
        std::sort(out.parents.begin(), out.parents.end(), by_name);
        std::sort(out.views.begin(), out.views.end(), by_name);
        return out;
    }

private:
    // An ordinary or partitioned permanent table outside the exempt schemas, not exempted:
    // what the guard judges (judged_table_tenant_column).
    bool is_judged_table(const CatalogRelation& relation) const {
        return (relation.kind == 'r' || relation.kind == 'p') && !relation.temporary &&
               !isolation::is_exempt_schema(relation.schema, config_.exempt_schemas);
    }
    bool is_judged_tenant_table(Oid oid) const { return tenant_column_.count(oid) && !exemptions_.count(oid); }

    // Each table's tenant column (and its type), exempted tables included.
    void read_tenant_columns() {
        std::map<Oid, std::map<std::string, std::string>> present;  // table -> column -> type
        for (const std::string& column : config_.tenant_columns)
            for (const CatalogRow& row : session_.query(
                     "reading the tenant columns",
                     "SELECT a.attrelid, pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a "
                     "WHERE a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped",
                     {column})) {
                const CatalogRelation* relation = catalog_.find(to_oid(row[0]));
                if (relation && is_judged_table(*relation)) present[relation->oid][column] = to_text(row[1]);
            }
        for (const auto& [oid, columns] : present) {
            std::vector<std::string> names;
            for (const auto& [name, type] : columns) names.push_back(name);
            if (auto found = isolation::find_tenant_column(names, config_.tenant_columns))
                tenant_column_[oid] = {*found, columns.at(*found)};
        }
    }

    // Judged tables without a tenant column, not exempted, with judged tenant tables below
    // them: their tenant descendants in find_all_inheritors() order (breadth first, children
    // by oid).
    std::map<Oid, std::vector<std::string>> parents() {
        std::map<Oid, std::vector<Oid>> children;
        for (const CatalogRow& row : session_.query(
                 "reading pg_inherits",
                 "SELECT i.inhparent, i.inhrelid FROM pg_catalog.pg_inherits i ORDER BY i.inhparent, i.inhrelid"))
            children[to_oid(row[0])].push_back(to_oid(row[1]));
        std::map<Oid, std::vector<std::string>> out;
        for (const auto& [parent, direct] : children) {
            const CatalogRelation* relation = catalog_.find(parent);
            if (!relation || !is_judged_table(*relation) || tenant_column_.count(parent) || exemptions_.count(parent))
                continue;
            std::vector<std::string> names;
            std::deque<Oid> pending(direct.begin(), direct.end());
            std::set<Oid> seen{parent};
            while (!pending.empty()) {
                Oid next = pending.front();
                pending.pop_front();
                if (!seen.insert(next).second) continue;
                if (is_judged_tenant_table(next)) names.push_back(catalog_.find(next)->qualified());
                if (auto more = children.find(next); more != children.end())
                    pending.insert(pending.end(), more->second.begin(), more->second.end());
            }
            if (!names.empty()) out[parent] = std::move(names);
        }
        return out;
    }

    std::map<Oid, std::vector<v2::Policy>> read_policies(const std::vector<Oid>& tables,
                                                         std::vector<std::string>& caveats) {
        std::map<Oid, std::vector<v2::Policy>> out;
        if (tables.empty()) return out;
        std::string array = "{";
        for (Oid oid : tables) array += (array.size() > 1 ? "," : "") + std::to_string(oid);
        array += "}";
        for (const CatalogRow& row : session_.query(
                 "reading pg_policy",
                 "SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive, p.polroles::pg_catalog.text, "
                 "pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) "
                 "FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY ($1::pg_catalog.oid[]) "
                 "ORDER BY p.polrelid, p.polname COLLATE pg_catalog.\"C\"",
                 {array})) {
            const Oid oid = to_oid(row[0]);
            const CatalogRelation& relation = *catalog_.find(oid);
            v2::Policy policy;
            policy.name = to_text(row[1]);
            policy.command = policy_command(to_text(row[2]));
            policy.permissive = to_bool(row[3]);
            policy.to_public = false;
            for (Oid role : oid_array(to_text(row[4]))) {
                if (role == 0) {
                    policy.to_public = true;
                    policy.roles.clear();
                    break;
                }
                // A dropped role's oid is skipped, as the guard does.
                if (auto name = role_names_.find(role); name != role_names_.end()) policy.roles.push_back(name->second);
            }
            const PolicyTarget target{relation.schema, relation.name, catalog_.columns(oid)};
            auto reduce = [&](const std::optional<std::string>& text, const char* clause) {
                std::optional<v2::Expression> reduced;
                if (!text) return reduced;
                std::string error;
                reduced = reduce_policy_text(*text, target, catalog_, error);
                if (!reduced) {
                    caveats.push_back("policy " + isolation::quote_identifier(policy.name) + " on " +
                                      relation.qualified() + ": its " + clause + " expression does not parse (" +
                                      error + "); it is taken to confine nothing");
                    reduced = v2::Expression::opaque();
                }
                return reduced;
            };
            policy.using_expression = reduce(row[5], "USING");
            policy.with_check_expression = reduce(row[6], "WITH CHECK");
            out[oid].push_back(std::move(policy));
        }
        return out;
    }

    // Views and materialized views the guard judges, with what each reads that can lead to a
    // tenant table: judged tenant tables and other views.
    std::vector<v2::View> views() {
        std::map<Oid, std::vector<std::string>> reads;
        for (const CatalogRow& row : session_.query(
                 "reading the views' dependencies",
                 "SELECT r.ev_class, d.refobjid FROM pg_catalog.pg_rewrite r "
                 "JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
                 "AND d.objid = r.oid "
                 "WHERE r.rulename = '_RETURN' AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
                 "AND d.refobjid <> r.ev_class ORDER BY r.ev_class, d.objsubid, d.refobjid")) {
            const Oid read = to_oid(row[1]);
            const CatalogRelation* relation = catalog_.find(read);
            if (!relation || !(is_judged_tenant_table(read) || relation->kind == 'v' || relation->kind == 'm')) continue;
            std::vector<std::string>& names = reads[to_oid(row[0])];
            if (std::find(names.begin(), names.end(), relation->qualified()) == names.end())
                names.push_back(relation->qualified());
        }
        std::vector<v2::View> out;
        for (const auto& [oid, relation] : catalog_.relations()) {
            if ((relation.kind != 'v' && relation.kind != 'm') || relation.temporary ||
                relation.schema.rfind("pg_temp_", 0) == 0 || relation.schema == "pg_catalog" ||
                relation.schema == "information_schema" || exemptions_.count(oid))
                continue;
            out.push_back({relation.schema, relation.name, relation.kind == 'm', relation.security_invoker,
                           reads[oid]});
        }
        return out;
    }

    CatalogSession& session_;
    const Config& config_;
    LiveCatalog catalog_;
    std::map<Oid, isolation::Exemption> exemptions_;
    std::map<Oid, std::pair<std::string, std::string>> tenant_column_;  // column, type
    std::map<Oid, std::string> role_names_;
};

}  // namespace

LiveSchema read_live_schema(CatalogSession& session, const Config& config) {
    return SchemaReader(session, config).read();
}

}  // namespace tenant_guard::analyzer
