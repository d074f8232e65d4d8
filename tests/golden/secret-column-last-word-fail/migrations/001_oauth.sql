-- The last word of a column's name decides whether it holds a secret (camelCase as Prisma
-- writes it, snake_case, acronyms); hashes and encrypted or sealed values are not plaintext.
CREATE TABLE "oauthClient" (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    "clientSecret" text,                 -- a secret
    "tokenEndpointAuthMethod" text,      -- a method's name, not a token
    "clientCredentialsScopes" text[],    -- scopes, not credentials
    "webhookSecret" varchar(64),         -- a secret
    "APIKey" text,                       -- a secret: api_key
    refresh_token text,                  -- a secret
    token_expires_at text,               -- when, not the token
    api_key_id text,                     -- which key, not the key
    password_hash text,                  -- a hash
    token_digest text,                   -- a digest
    encrypted_api_key text,              -- not plaintext
    "sealedToken" text,                  -- not plaintext
    credentials_json jsonb,              -- a secret: the json of the credentials
    signing_key bytea                    -- already binary
);
ALTER TABLE "oauthClient" ENABLE ROW LEVEL SECURITY;
CREATE POLICY oauth_client_isolation ON "oauthClient"
    USING (organization_id = current_setting('app.organization_id')::uuid)
    WITH CHECK (organization_id = current_setting('app.organization_id')::uuid);
