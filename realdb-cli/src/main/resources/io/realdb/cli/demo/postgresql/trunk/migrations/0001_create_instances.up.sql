CREATE TABLE instances (
    id BIGSERIAL PRIMARY KEY,
    uuid CHAR(36) NOT NULL,
    host VARCHAR(255) NOT NULL,
    state VARCHAR(16) NOT NULL,
    memory_mb INT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT uniq_instances_uuid UNIQUE (uuid)
);
