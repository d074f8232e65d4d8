-- A tenant table created without row level security.
CREATE TABLE public.projects (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name text NOT NULL
);
CREATE POLICY projects_isolation ON public.projects
    USING (organization_id = current_setting('app.organization_id')::uuid);
