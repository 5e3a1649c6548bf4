CREATE INDEX idx_instances_host ON instances (host);
