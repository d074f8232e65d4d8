alter view notes_view reset (security_barrier);
alter view notes_view set (check_option = local);
