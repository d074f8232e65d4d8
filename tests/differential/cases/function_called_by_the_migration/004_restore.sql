call ops.tighten();
