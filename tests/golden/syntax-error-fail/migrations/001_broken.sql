-- Straße: the column is counted in characters.
CREATE TABLE straße (id int,);
CREATE TABLE projects (id uuid, organization_id uuid);
