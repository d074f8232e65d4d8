#include "schema_model.h"

#include <algorithm>

namespace tenant_guard::analyzer {

namespace {
constexpr const char* kTemporarySchema = "pg_temp";
}

const Column* Relation::find_column(std::string_view column) const {
    for (const auto& existing : columns)
        if (existing.name == column) return &existing;
    return nullptr;
}

Column* Relation::find_column(std::string_view column) {
    for (auto& existing : columns)
        if (existing.name == column) return &existing;
    return nullptr;
}

PolicyState* Relation::find_policy(std::string_view policy) {
    for (auto& existing : policies)
        if (existing.name == policy) return &existing;
    return nullptr;
}

const PolicyState* Relation::find_policy(std::string_view policy) const {
    for (const auto& existing : policies)
        if (existing.name == policy) return &existing;
    return nullptr;
}

std::string Relation::qualified_name() const { return schema + "." + name; }

void Relation::touch(uint32_t statement) {
    if (touched_by.empty() || touched_by.back() != statement) touched_by.push_back(statement);
    if (touch_log != nullptr && !in_touch_log) {
        touch_log->push_back(this);
        in_touch_log = true;
    }
}

SchemaModel::SchemaModel() { reset_search_path(); }

void SchemaModel::reset_search_path() { search_path_ = {"$user", "public"}; }

void SchemaModel::set_search_path(std::vector<std::string> schemas) {
    search_path_ = std::move(schemas);
}

std::string SchemaModel::key(std::string_view schema, std::string_view name) {
    std::string result;
    result.reserve(schema.size() + name.size() + 1);
    result.append(schema);
    result.push_back('\x1f');  // cannot occur in an identifier that came through the parser
    result.append(name);
    return result;
}

Relation* SchemaModel::find(const QualifiedName& name) const {
    if (!name.schema.empty()) {
        auto found = relations_.find(key(name.schema, name.name));
        return found == relations_.end() ? nullptr : found->second.get();
    }
    // PostgreSQL searches the session's temporary schema first.
    if (auto found = relations_.find(key(kTemporarySchema, name.name)); found != relations_.end())
        return found->second.get();
    for (const auto& schema : search_path_) {
        if (schema == "$user") continue;
        if (auto found = relations_.find(key(schema, name.name)); found != relations_.end())
            return found->second.get();
    }
    return nullptr;
}

std::string SchemaModel::creation_schema(bool temporary) const {
    if (temporary) return kTemporarySchema;
    for (const auto& schema : search_path_) {
        // "$user" names a schema only if one exists for the role; migrations seldom make one.
        if (schema == "$user" || schema == kTemporarySchema || schema == "pg_catalog") continue;
        return schema;
    }
    return "public";
}

Relation& SchemaModel::create(const QualifiedName& name, RelationKind kind, bool temporary,
                              const Origin& origin, uint32_t file) {
    std::string schema = name.schema.empty() || temporary ? creation_schema(temporary) : name.schema;
    if (schema == "pg_temp") temporary = true;
    std::string relation_key = key(schema, name.name);
    if (auto existing = relations_.find(relation_key); existing != relations_.end()) {
        unlink(existing->second.get());
        erase(relation_key);
    }
    auto relation = std::make_unique<Relation>();
    relation->touch_log = &touched_;
    relation->schema = std::move(schema);
    relation->name = name.name;
    relation->kind = kind;
    relation->temporary = temporary;
    relation->created = origin;
    relation->created_file = file;
    relation->touch(origin.statement);
    if (relation->is_view()) views_.push_back(relation.get());
    Relation& result = *relation;
    relations_.emplace(std::move(relation_key), std::move(relation));
    return result;
}

void SchemaModel::erase(const std::string& relation_key) {
    auto found = relations_.find(relation_key);
    if (found == relations_.end()) return;
    Relation* relation = found->second.get();
    if (relation->in_touch_log) touched_.erase(std::remove(touched_.begin(), touched_.end(), relation), touched_.end());
    if (relation->is_view()) views_.erase(std::find(views_.begin(), views_.end(), relation));
    relations_.erase(found);
}

std::vector<Relation*> SchemaModel::take_touched_relations() {
    std::vector<Relation*> touched;
    touched.swap(touched_);
    for (Relation* relation : touched) relation->in_touch_log = false;
    return touched;
}

void SchemaModel::unlink(Relation* relation) {
    for (Relation* parent : relation->parents) {
        auto& siblings = parent->children;
        siblings.erase(std::remove(siblings.begin(), siblings.end(), relation), siblings.end());
    }
    for (Relation* child : relation->children) {
        auto& parents = child->parents;
        parents.erase(std::remove(parents.begin(), parents.end(), relation), parents.end());
    }
}

void SchemaModel::drop(Relation* relation, bool cascade) {
    // Partitions go with their parent; inheritance children and typed tables only with
    // CASCADE, which PostgreSQL requires anyway when they exist.
    std::vector<Relation*> dependents;
    for (Relation* child : relation->children) {
        if (cascade || relation->kind == RelationKind::PartitionedTable) dependents.push_back(child);
    }
    if (cascade && relation->kind == RelationKind::CompositeType)
        for (Relation* table : typed_tables(*relation)) dependents.push_back(table);
    unlink(relation);
    erase(key(relation->schema, relation->name));
    for (Relation* child : dependents) {
        if (find(QualifiedName{child->schema, child->name}) == child) drop(child, cascade);
    }
}

void SchemaModel::rename(Relation* relation, std::string new_name) {
    move(relation, relation->schema, std::move(new_name));
}

void SchemaModel::set_schema(Relation* relation, std::string new_schema) {
    move(relation, std::move(new_schema), relation->name);
}

void SchemaModel::move(Relation* relation, std::string schema, std::string name) {
    auto node = relations_.extract(key(relation->schema, relation->name));
    if (node.empty()) return;
    // A typed table names its type (Relation::of_type): it must name it anew.
    std::vector<Relation*> typed;
    if (relation->kind == RelationKind::CompositeType) typed = typed_tables(*relation);
    relation->schema = std::move(schema);
    relation->name = std::move(name);
    for (Relation* table : typed) *table->of_type = QualifiedName{relation->schema, relation->name};
    node.key() = key(relation->schema, relation->name);
    erase(node.key());
    relations_.insert(std::move(node));
}

std::vector<Relation*> SchemaModel::typed_tables(const Relation& type) const {
    std::vector<Relation*> tables;
    for (const auto& entry : relations_) {
        const std::unique_ptr<QualifiedName>& of_type = entry.second->of_type;
        if (of_type && of_type->schema == type.schema && of_type->name == type.name)
            tables.push_back(entry.second.get());
    }
    std::sort(tables.begin(), tables.end(),
              [](const Relation* a, const Relation* b) { return a->created.statement < b->created.statement; });
    return tables;
}

void SchemaModel::drop_schema(const std::string& schema) {
    std::vector<Relation*> doomed;
    for (const auto& entry : relations_)
        if (entry.second->schema == schema) doomed.push_back(entry.second.get());
    for (Relation* relation : doomed) {
        if (find(QualifiedName{relation->schema, relation->name}) == relation) drop(relation, true);
    }
    schema_created_file_.erase(schema);
}

void SchemaModel::note_function(const std::string& schema, const std::string& name,
                                std::optional<FunctionCode> code) {
    functions_.emplace(schema, name);
    if (code) function_code_[{schema, name}] = std::move(*code);
    else function_code_.erase({schema, name});  // CREATE OR REPLACE without DDL
}

void SchemaModel::move_function(const std::vector<std::string_view>& names, std::optional<std::string> new_schema,
                                std::optional<std::string> new_name) {
    if (names.empty() || names.size() > 2) return;
    const std::string name(names.back());
    const std::string schema = names.size() == 2 ? std::string(names.front()) : function_schema(name);
    if (!functions_.count({schema, name})) return;
    const std::pair<std::string, std::string> moved{new_schema.value_or(schema), new_name.value_or(name)};
    functions_.insert(moved);
    if (auto code = function_code_.find({schema, name}); code != function_code_.end()) {
        function_code_[moved] = std::move(code->second);
        function_code_.erase({schema, name});
    }
}

const FunctionCode* SchemaModel::function_code(const std::vector<std::string_view>& names) const {
    if (names.empty() || names.size() > 2) return nullptr;
    const std::string name(names.back());
    const std::string schema = names.size() == 2 ? std::string(names.front()) : function_schema(name);
    auto found = function_code_.find({schema, name});
    return found != function_code_.end() ? &found->second : nullptr;
}

std::string SchemaModel::function_schema(const std::string& name) const {
    for (const std::string& schema : search_path_) {
        if (schema == "pg_catalog") return "";
        if (functions_.count({schema, name})) return schema;
    }
    return "";
}

void SchemaModel::note_schema_created(const std::string& schema, uint32_t file) {
    schema_created_file_[schema] = file;
}

uint32_t SchemaModel::schema_created_file(const std::string& schema) const {
    auto found = schema_created_file_.find(schema);
    return found == schema_created_file_.end() ? UINT32_MAX : found->second;
}

std::vector<std::string> fold_identifier_list(std::string_view text, char separator) {
    std::vector<std::string> names;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == separator)) ++i;
        if (i >= text.size()) break;
        std::string name;
        if (text[i] == '"') {
            ++i;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        name.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                name.push_back(text[i++]);
            }
            while (i < text.size() && text[i] != separator) ++i;
        } else {
            while (i < text.size() && text[i] != separator) {
                char c = text[i++];
                // PostgreSQL downcases only ASCII letters in unquoted identifiers.
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                name.push_back(c);
            }
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        }
        // Identifiers longer than NAMEDATALEN - 1 bytes are truncated, as the server does.
        if (name.size() > 63) {
            size_t cut = 63;  // never split a UTF-8 sequence, like pg_mbcliplen
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
            name.resize(cut);
        }
        if (!name.empty()) names.push_back(std::move(name));
    }
    return names;
}

}  // namespace tenant_guard::analyzer
