alter table core.drafts add column organization_id uuid;
alter policy notes_isolation on core.notes using (true);
