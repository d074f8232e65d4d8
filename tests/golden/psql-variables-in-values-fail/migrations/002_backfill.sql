-- Once parsed, an UPDATE with variables is judged like any other: this one has no WHERE.
UPDATE link_type SET name = :'name';
