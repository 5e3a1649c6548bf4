-- Narrowing the column back copies the table again, blocking writes just as the upgrade does.
ALTER TABLE instances MODIFY memory_mb INT NOT NULL, ALGORITHM=COPY;
