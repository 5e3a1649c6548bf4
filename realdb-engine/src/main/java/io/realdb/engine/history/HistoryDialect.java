package io.realdb.engine.history;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases a history can live in. The schema is otherwise plain SQL
 * that H2, PostgreSQL and MariaDB/MySQL all read the same way.
 */
public interface HistoryDialect {

    /** Stable id: {@code h2}, {@code postgresql}, {@code mariadb}. */
    String id();

    /** Whether this dialect serves a JDBC URL. */
    boolean serves(String jdbcUrl);

    /** The URL the driver takes (MySQL URLs are served by the MariaDB driver). */
    default String driverUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /** A generated {@code BIGINT} primary key column named {@code id}. */
    String idColumn();

    /**
     * Connect and read timeouts in the driver's own properties, so that a history server that
     * accepts connections and never answers cannot hang a run; none for a local file.
     */
    default void timeouts(java.util.Properties properties) {
    }

    /** Text without a practical length limit. */
    String longText();

    /** Settings for a new connection, before the schema is looked at. */
    default void prepare(Connection connection) throws SQLException {
    }

    /**
     * Keeps other processes from upgrading the schema at the same time, until {@link #unlockSchema}.
     * Databases that one process owns alone need nothing.
     */
    default void lockSchema(Connection connection) throws SQLException {
    }

    default void unlockSchema(Connection connection) throws SQLException {
    }

    /**
     * Gives the space of deleted and rewritten data back; the connection may be closed after it.
     * Servers manage their own storage and need nothing.
     */
    default void compact(Connection connection) throws SQLException {
    }
}
