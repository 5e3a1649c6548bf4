-- A nullable column without a default: PostgreSQL only changes the table's definition, at once,
-- and holds its lock for no longer than a moment.
ALTER TABLE instances ADD COLUMN flavor VARCHAR(32) NULL;
