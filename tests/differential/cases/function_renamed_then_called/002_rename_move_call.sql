create schema ops;
create function public.relax() returns void language plpgsql as $$ begin alter table public.notes disable row level security; end $$;
alter function relax() rename to unwind;
alter function unwind() set schema ops;
select ops.unwind();
