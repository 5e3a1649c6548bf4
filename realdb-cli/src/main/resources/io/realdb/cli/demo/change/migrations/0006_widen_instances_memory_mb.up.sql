-- Memory sizes may now exceed INT. Changing a column's type cannot be done in place: MariaDB
-- copies the whole table into a new one, and while it copies, writes to instances wait.
ALTER TABLE instances MODIFY memory_mb BIGINT NOT NULL, ALGORITHM=COPY;
