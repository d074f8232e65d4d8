#include "platform_presets.h"

namespace tenant_guard::analyzer {

namespace {

// What a Supabase project has before its first migration, as far as the rule is concerned:
// the platform's roles (anon and authenticated are what the API connects as, subject to row
// level security; service_role and the admin roles bypass it), the auth and storage schemas
// with the tables and functions that policies name. Written from Supabase's documentation of
// its roles and schemas; columns are those that policies commonly use.
constexpr std::string_view kSupabaseBaseline = R"sql(
CREATE ROLE anon NOLOGIN NOINHERIT;
CREATE ROLE authenticated NOLOGIN NOINHERIT;
CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
CREATE ROLE authenticator NOINHERIT LOGIN;
GRANT anon, authenticated, service_role TO authenticator;
CREATE ROLE supabase_admin SUPERUSER;
CREATE ROLE postgres BYPASSRLS;
CREATE ROLE supabase_auth_admin NOINHERIT BYPASSRLS;
CREATE ROLE supabase_storage_admin NOINHERIT BYPASSRLS;
CREATE ROLE dashboard_user;

CREATE SCHEMA auth;
CREATE SCHEMA storage;
CREATE SCHEMA extensions;
CREATE TABLE auth.users (id uuid PRIMARY KEY, instance_id uuid, aud varchar(255), role varchar(255),
    email varchar(255), encrypted_password varchar(255), email_confirmed_at timestamptz, phone text,
    raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_super_admin boolean, is_anonymous boolean,
    created_at timestamptz, updated_at timestamptz, last_sign_in_at timestamptz);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.role', true), '') $$;
CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.email', true), '') $$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;
CREATE TABLE storage.buckets (id text PRIMARY KEY, name text NOT NULL, owner uuid, public boolean,
    created_at timestamptz, updated_at timestamptz);
CREATE TABLE storage.objects (id uuid PRIMARY KEY, bucket_id text, name text, owner uuid,
    metadata jsonb, path_tokens text[], created_at timestamptz, updated_at timestamptz,
    last_accessed_at timestamptz);
ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE
    AS $$ SELECT string_to_array(name, '/') $$;
CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $$;
CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT reverse(split_part(reverse(name), '.', 1)) $$;
)sql";

constexpr PlatformPreset kPresets[] = {
    {"supabase", kSupabaseBaseline, "postgres"},
};

}  // namespace

std::optional<PlatformPreset> find_preset(std::string_view name) {
    for (const PlatformPreset& preset : kPresets)
        if (preset.name == name) return preset;
    return std::nullopt;
}

}  // namespace tenant_guard::analyzer
