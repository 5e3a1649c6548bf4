package io.realdb.engine.migration;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.log.RunLog;
import io.realdb.engine.sandbox.Sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a migration tool works with during a run.
 *
 * @param checkout    the project's working tree at the commit being migrated
 * @param connection  how the migration reaches its database (the dataset's user), as seen from
 *                    outside the sandbox
 * @param sandbox     where migration commands run
 * @param environment the variables a migration command may see besides the database's
 * @param stepTimeout how long one step may take before it is killed
 */
public record MigrationContext(
        Path checkout,
        DatabaseServer server,
        String database,
        ConnectionInfo connection,
        RunLog log,
        Sandbox sandbox,
        Map<String, String> environment,
        Duration stepTimeout) {

    /**
     * A connection to the run's database as the run's own user, for reading a tool's version
     * table. Never as the administrator: the change's migrations may have put a view or a
     * function where the table was, which would then run with the administrator's rights.
     */
    public java.sql.Connection connectAsRunUser() {
        return server.connectAs(connection, database);
    }

    /** The same context with another time budget, for one step. */
    public MigrationContext withStepTimeout(Duration timeout) {
        return new MigrationContext(checkout, server, database, connection, log, sandbox, environment, timeout);
    }
}
