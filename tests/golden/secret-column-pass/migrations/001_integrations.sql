CREATE TABLE integrations (
    id uuid PRIMARY KEY,
    access_token bytea,
    token_type text,
    token_expires_at timestamptz,
    password_hash text,
    api_key_prefix text,
    secret text
);
-- Converted to a sealed value later: the final state counts.
ALTER TABLE integrations ALTER COLUMN secret TYPE bytea USING secret::bytea;
