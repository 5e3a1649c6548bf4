-- Narrowing the column back rewrites the table again, blocking reads and writes just as the upgrade does.
ALTER TABLE instances ALTER COLUMN memory_mb TYPE INT;
