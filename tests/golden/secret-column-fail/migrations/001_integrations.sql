CREATE TABLE integrations (
    id uuid PRIMARY KEY,
    provider text,
    access_token text,
    "refreshToken" varchar(512),
    webhook_secret text,
    credentials jsonb
);
ALTER TABLE integrations ADD COLUMN api_key text;
