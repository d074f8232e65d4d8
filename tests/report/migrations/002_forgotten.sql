-- Row level security forgotten.
CREATE TABLE public.attachments (id bigint PRIMARY KEY, organization_id uuid NOT NULL, path text);

-- Shared reference data, exempted with a reason.
CREATE TABLE public.currency_rates (organization_id uuid, currency text, rate numeric);
SELECT tenant_guard.exempt('public.currency_rates', 'rates are the same for every organisation');
