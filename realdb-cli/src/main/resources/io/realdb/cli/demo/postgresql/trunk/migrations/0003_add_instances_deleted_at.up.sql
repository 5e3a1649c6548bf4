-- A nullable column without a default: PostgreSQL adds it without rewriting the table.
ALTER TABLE instances ADD COLUMN deleted_at TIMESTAMP NULL;
