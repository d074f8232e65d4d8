-- The report's fixture: one table for every kind of cell.
CREATE TABLE public.organizations (id uuid PRIMARY KEY, name text NOT NULL);

-- Isolated by one policy for every command.
CREATE TABLE public.invoices (id bigint PRIMARY KEY, organization_id uuid NOT NULL, total numeric);
ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.invoices
    USING (organization_id = current_setting('app.organization_id')::uuid);

-- Isolated by a restrictive policy over an open permissive one.
CREATE TABLE public.projects (id bigint PRIMARY KEY, organization_id uuid NOT NULL, name text);
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON public.projects USING (true);
CREATE POLICY tenant_only ON public.projects AS RESTRICTIVE
    USING (organization_id = current_setting('app.organization_id')::uuid);

-- Reads isolated, writes not.
CREATE TABLE public.comments (id bigint PRIMARY KEY, organization_id uuid NOT NULL, body text);
ALTER TABLE public.comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own ON public.comments FOR SELECT
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY write_any ON public.comments FOR INSERT WITH CHECK (true);
