DROP INDEX idx_instances_host;
