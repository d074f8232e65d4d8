alter view notes_view reset (check_option, security_invoker);
