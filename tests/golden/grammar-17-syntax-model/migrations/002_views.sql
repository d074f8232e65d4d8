-- Views that read projects through JSON_TABLE (PostgreSQL 17). Without security_invoker they
-- show every organisation's rows, whether projects is a FROM item beside JSON_TABLE or only
-- the subquery that JSON_TABLE reads.
CREATE VIEW project_tag_list AS
    SELECT p.id, jt.tag
    FROM projects p,
         JSON_TABLE(p.settings, '$.tags[*]' COLUMNS (tag text PATH '$')) AS jt;

CREATE VIEW latest_theme AS
    SELECT jt.theme
    FROM JSON_TABLE((SELECT settings FROM projects ORDER BY id LIMIT 1), '$'
                    COLUMNS (theme text PATH '$.theme' DEFAULT 'light' ON EMPTY)) AS jt;

CREATE VIEW project_tag_list_for_caller WITH (security_invoker = true) AS
    SELECT p.id, jt.tag
    FROM projects p,
         JSON_TABLE(p.settings, '$.tags[*]' COLUMNS (tag text PATH '$')) AS jt;
