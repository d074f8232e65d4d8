select ops.relax();
call ops.tighten();
