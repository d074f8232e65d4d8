-- Ending an exemption makes the table a tenant table again: it must be isolated at commit.
SELECT tenant_guard.unexempt('public.exchange_rates');
