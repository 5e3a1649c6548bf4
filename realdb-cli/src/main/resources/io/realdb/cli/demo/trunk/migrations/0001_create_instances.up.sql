CREATE TABLE instances (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uuid CHAR(36) NOT NULL,
    host VARCHAR(255) NOT NULL,
    state VARCHAR(16) NOT NULL,
    memory_mb INT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE KEY uniq_instances_uuid (uuid)
) ENGINE=InnoDB;
