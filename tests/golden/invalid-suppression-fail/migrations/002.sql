-- tenant-guard: ignore unapproved-destructive-change
DROP TABLE events;
-- tenant-guard: ignore no-such-rule because
SELECT 1;
-- tenant-guard: skip everything
SELECT 2;
