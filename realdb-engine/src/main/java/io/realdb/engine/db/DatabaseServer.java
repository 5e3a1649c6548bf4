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

    /**
     * The name a unix socket of this server has, which clients derive from the port and expect:
     * PostgreSQL's {@code .s.PGSQL.5432}; any name for the MySQL family.
     */
    default String socketName() {
        return "mysqld.sock";
    }

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
     * Creates the run's database and its user. On a private server an earlier database of that
     * name is replaced; on an existing server a database or user that exists is never touched (it
     * is refused), and what is created is recorded as realdb's own.
     */
    void createRunDatabase(RunDatabase run);

    /** Removes what {@link #createRunDatabase} made, and nothing else; whether there was anything. */
    boolean dropRunDatabase(RunDatabase run);

    /**
     * Removes what earlier runs created and left (they were killed): the things recorded as
     * realdb's whose run no longer holds its lock on the server. Returns what it removed, for people.
     */
    default java.util.List<String> removeLeftovers() {
        return java.util.List.of();
    }

    /**
     * Takes the server's row counters for this run until {@link #close()}: another run on the
     * same server waits (at most {@code wait}), telling {@code waiting} so. A private server's
     * counters are the run's alone.
     */
    default void holdCounters(java.time.Duration wait, java.util.function.Consumer<String> waiting) {
    }

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

    /**
     * Whether the server lets the operating-system user {@code osUser} log in over its unix socket
     * without a password (MariaDB's unix_socket, MySQL's auth_socket): a migration whose
     * sandbox reaches the socket as that user would be that account. Empty when it cannot tell.
     */
    default java.util.Optional<Boolean> acceptsSocketLoginAs(String osUser) {
        return java.util.Optional.empty();
    }

    /**
     * Whether the seed is restored as the run's own user even on a private server: where tables
     * have owners (PostgreSQL), the migrations can change only what their user owns.
     */
    default boolean restoresAsRunUser() {
        return !isPrivate();
    }

    /** A query that gives the current connection's id, for {@link #killSessionStatement}. */
    default String sessionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    /** A statement, run by the administrator, that ends connection {@code id} and its statement. */
    default String killSessionStatement(long id) {
        return "KILL CONNECTION " + id;
    }

    /** Whether the error says a table does not exist (a tool's version table before its first step). */
    default boolean isMissingTable(SQLException e) {
        return e.getErrorCode() == 1146;
    }

    /** A table or column name quoted for this engine's SQL. */
    default String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * Whether a migration's SQL file goes to the server whole, as one script: PostgreSQL's driver
     * splits it itself, dollar quotes and all. Otherwise realdb splits it statement by statement,
     * as the {@code mysql} client does ({@code DELIMITER} included).
     */
    default boolean runsScriptsWhole() {
        return false;
    }

    /**
     * Fills the run's new database from a copy the server keeps of the same seed, where the
     * server can copy databases (PostgreSQL's {@code CREATE DATABASE ... TEMPLATE}).
     *
     * @return what was done, for the log; empty when the seed must be restored
     */
    default java.util.Optional<String> restoreFromTemplate(RunDatabase run, java.nio.file.Path seed) {
        return java.util.Optional.empty();
    }

    /**
     * Keeps the run's freshly restored database as the seed's copy for later runs, where the
     * server can ({@link #restoreFromTemplate}).
     *
     * @return what was done, for the log, or empty
     */
    default java.util.Optional<String> keepAsTemplate(RunDatabase run, java.nio.file.Path seed) {
        return java.util.Optional.empty();
    }

    /** Whether realdb started this server for the run. */
    boolean isPrivate();

    @Override
    void close();
}
