-- A nullable column at the end of the table: MariaDB only changes the table's definition, at once,
-- and blocks neither reads nor writes for longer than a moment.
ALTER TABLE instances ADD COLUMN flavor VARCHAR(32) NULL, ALGORITHM=INSTANT;
