-- MERGE ... RETURNING and WHEN NOT MATCHED BY SOURCE (PostgreSQL 17).
CREATE TEMPORARY TABLE incoming_tags (project_id uuid, organization_id uuid, tag text);

-- Deletes every tag the import lacks (all of them, should the import be empty): unapproved.
MERGE INTO project_tags t
USING incoming_tags s ON t.project_id = s.project_id AND t.tag = s.tag
WHEN NOT MATCHED THEN INSERT VALUES (s.project_id, s.organization_id, s.tag)
WHEN NOT MATCHED BY SOURCE THEN DELETE
RETURNING merge_action(), t.tag;

-- Bounded by the join, and by a condition: nothing to approve.
MERGE INTO project_tags t
USING incoming_tags s ON t.project_id = s.project_id AND t.tag = s.tag
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED BY SOURCE AND t.tag LIKE 'tmp-%' THEN DELETE
RETURNING merge_action(), t.*;

-- tenant-guard: ignore unapproved-destructive-change the import is the list of live tags; the others are kept, marked
MERGE INTO project_tags t
USING incoming_tags s ON t.project_id = s.project_id AND t.tag = s.tag
WHEN NOT MATCHED BY SOURCE THEN UPDATE SET tag = 'orphaned:' || t.tag;
