do $$ begin perform ops.relax(); end $$;
