SET search_path = app, public;
CREATE TABLE public.cards (id bigint, organization_id uuid);
ALTER TABLE public.cards ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_helper ON public.cards USING (has_org(organization_id));
