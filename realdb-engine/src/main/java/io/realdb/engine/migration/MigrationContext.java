package io.realdb.engine.migration;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.log.RunLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a migration tool works with during a run.
 *
 * @param checkout    the project's working tree at the commit being migrated
 * @param connection  how the migration reaches its database (the dataset's user)
 * @param environment the variables a migration command may see besides the database's
 * @param stepTimeout how long one step may take before it is killed
 */
public record MigrationContext(
        Path checkout,
        DatabaseServer server,
        String database,
        ConnectionInfo connection,
        RunLog log,
        Map<String, String> environment,
        Duration stepTimeout) {
}
