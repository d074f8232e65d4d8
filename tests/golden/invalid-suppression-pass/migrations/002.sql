-- A well-formed approval: rule and reason.
-- tenant-guard: ignore unapproved-destructive-change events moved to the analytics cluster in 2024
DROP TABLE events;
