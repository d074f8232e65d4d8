-- search_path starts from the default in every file.
CREATE TABLE later (id bigint, organization_id uuid);
