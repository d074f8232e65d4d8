alter schema app rename to core;
