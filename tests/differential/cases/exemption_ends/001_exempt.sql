-- Two shared reference tables, exempted in the transaction that creates them.
CREATE TABLE public.exchange_rates (organization_id uuid, currency text, rate numeric);
CREATE TABLE public.holidays (organization_id uuid, day date);
SELECT tenant_guard.exempt('public.exchange_rates', 'rates are the same for every organisation');
SELECT tenant_guard.exempt('public.holidays', 'public holidays, shared');
