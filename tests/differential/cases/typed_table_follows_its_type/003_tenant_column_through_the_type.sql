alter type lib.note_row add attribute organization_id uuid cascade;
