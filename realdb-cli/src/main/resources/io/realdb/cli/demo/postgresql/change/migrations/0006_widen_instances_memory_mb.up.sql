-- Memory sizes may now exceed INT. A new type with another storage size makes PostgreSQL rewrite
-- the whole table under an ACCESS EXCLUSIVE lock: while it rewrites, reads and writes of
-- instances both wait.
ALTER TABLE instances ALTER COLUMN memory_mb TYPE BIGINT;
