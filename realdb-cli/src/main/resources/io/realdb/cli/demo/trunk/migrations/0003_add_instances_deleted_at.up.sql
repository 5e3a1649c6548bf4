-- A nullable column without a default: MariaDB adds it without copying the table.
ALTER TABLE instances ADD COLUMN deleted_at DATETIME NULL;
