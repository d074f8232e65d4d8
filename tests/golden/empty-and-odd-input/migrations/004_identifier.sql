foo;
SELECT 1;
