-- Numbered files run in numeric order: 1, 2, 10 (not 1, 10, 2). Each file is one migration.
DROP TABLE IF EXISTS first_legacy;
