package io.realdb.engine.db;

import io.realdb.engine.model.RowCounts;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A running database server that a run uses: one realdb started for the run (private), or one
 * that was already there. Closing a private server stops it and removes its data.
 */
public interface DatabaseServer extends AutoCloseable {

    /** The engine's id, for example {@code mariadb}. */
    String engineId();

    /** The server's own version string, for reports. */
    String version();

    /** How an administrator connects (realdb's own work: restore, counters). */
    ConnectionInfo admin();

    /** A new connection as the administrator, to {@code database} or to none when null. */
    Connection connect(String database);

    /**
     * A new connection as someone else on this server (a dataset's user), to {@code database}.
     * Wrong credentials are a {@link io.realdb.engine.BadInputException}.
     */
    Connection connectAs(ConnectionInfo who, String database);

    /**
     * Drops and creates {@code database}, and makes {@code user} able to use it with
     * {@code password} (created when missing; left alone on an existing server when it exists).
     */
    void prepareDatabase(String database, String user, String password);

    /**
     * The prefix of the counter lines in the log: {@code Innodb} for the MySQL family, as
     * turbo-hipster wrote them, {@code Rows} for others.
     */
    default String counterPrefix() {
        return "Rows";
    }

    /** The server's cumulative row counters. */
    RowCounts readCounters();

    /** Whether the server still answers a trivial query. */
    boolean isAlive();

    /**
     * Whether a statement's failure is the infrastructure's rather than the statement's: the
     * connection was lost, the server went away or ran out of disk or memory
     * ({@link SqlErrors#isInfrastructure}), or the server no longer answers at all.
     */
    default boolean isInfrastructure(SQLException e) {
        return SqlErrors.isInfrastructure(e) || !isAlive();
    }

    /** Whether realdb started this server for the run. */
    boolean isPrivate();

    @Override
    void close();
}
