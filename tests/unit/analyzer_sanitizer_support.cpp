// LeakSanitizer builds only (make test-sanitize): libpg_query 15-4.0.0's PL/pgSQL parser
// keeps a copy of the parser's stderr output that nothing frees. Not ours to fix.
extern "C" const char* __lsan_default_suppressions() { return "leak:pg_query_raw_parse\n"; }
// Without the report of used suppressions, which would end up in the checker's output.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
