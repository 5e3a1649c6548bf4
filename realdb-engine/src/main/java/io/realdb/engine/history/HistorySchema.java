package io.realdb.engine.history;

import io.realdb.engine.BadInputException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * The history's tables and how each version of them becomes the next. The version a history is
 * at is kept in {@code realdb_schema_version}, one row per upgrade applied; opening a history
 * applies the upgrades it lacks, and refuses a history newer than this realdb.
 */
public final class HistorySchema {

    public static final String VERSION_TABLE = "realdb_schema_version";

    /** One upgrade: the statements that take the schema from {@code version - 1} to {@code version}. */
    record Upgrade(int version, String description, Function<HistoryDialect, List<String>> statements) {
    }

    static final List<Upgrade> UPGRADES = List.of(
            new Upgrade(1, "runs and their steps", d -> List.of(
                    "CREATE TABLE realdb_run ("
                            + d.idColumn() + ", "
                            + "dataset VARCHAR(200) NOT NULL, "
                            + "engine VARCHAR(100), "
                            + "server_version VARCHAR(200), "
                            + "project VARCHAR(1000), "
                            + "change_ref VARCHAR(1000), "
                            + "build_id VARCHAR(200), "
                            + "started_at BIGINT NOT NULL, "
                            + "verdict VARCHAR(10) NOT NULL, "
                            + "duration_ms BIGINT, "
                            + "final_version VARCHAR(200))",
                    "CREATE TABLE realdb_step ("
                            + "run_id BIGINT NOT NULL, "
                            + "step_index INT NOT NULL, "
                            + "phase VARCHAR(20) NOT NULL, "
                            + "from_version VARCHAR(200) NOT NULL, "
                            + "to_version VARCHAR(200) NOT NULL, "
                            + "direction VARCHAR(4) NOT NULL, "
                            + "ended BOOLEAN NOT NULL, "
                            + "duration_ms BIGINT, "
                            + "rows_read BIGINT, "
                            + "rows_inserted BIGINT, "
                            + "rows_updated BIGINT, "
                            + "rows_deleted BIGINT, "
                            + "PRIMARY KEY (run_id, step_index), "
                            + "FOREIGN KEY (run_id) REFERENCES realdb_run (id) ON DELETE CASCADE)")),
            new Upgrade(2, "findings, build URL, digest, info, step statistics; indexes for per-dataset reading", d -> List.of(
                    "ALTER TABLE realdb_run ADD COLUMN build_url VARCHAR(2000)",
                    "ALTER TABLE realdb_run ADD COLUMN expected_final_version VARCHAR(200)",
                    "ALTER TABLE realdb_run ADD COLUMN digest VARCHAR(64)",
                    "ALTER TABLE realdb_run ADD COLUMN source VARCHAR(2000)",
                    "ALTER TABLE realdb_run ADD COLUMN info " + d.longText(),
                    "CREATE TABLE realdb_finding ("
                            + "run_id BIGINT NOT NULL, "
                            + "finding_index INT NOT NULL, "
                            + "kind VARCHAR(40) NOT NULL, "
                            + "severity VARCHAR(10) NOT NULL, "
                            + "message " + d.longText() + " NOT NULL, "
                            + "step_index INT, "
                            + "PRIMARY KEY (run_id, finding_index), "
                            + "FOREIGN KEY (run_id) REFERENCES realdb_run (id) ON DELETE CASCADE)",
                    "CREATE INDEX realdb_run_dataset ON realdb_run (dataset, started_at)",
                    "CREATE UNIQUE INDEX realdb_run_digest ON realdb_run (digest)",
                    // Kept up to date as runs are recorded, so that comparing steps across datasets reads a
                    // row per dataset, engine and step instead of every step ever run. An unknown engine is ''.
                    "CREATE TABLE realdb_step_stats ("
                            + "dataset VARCHAR(200) NOT NULL, "
                            + "engine VARCHAR(100) NOT NULL, "
                            + "from_version VARCHAR(200) NOT NULL, "
                            + "to_version VARCHAR(200) NOT NULL, "
                            + "samples BIGINT NOT NULL, "
                            + "total_duration_ms BIGINT NOT NULL, "
                            + "max_duration_ms BIGINT NOT NULL, "
                            + "max_rows_read BIGINT, "
                            + "max_rows_changed BIGINT, "
                            + "PRIMARY KEY (dataset, engine, from_version, to_version))",
                    "INSERT INTO realdb_step_stats (dataset, engine, from_version, to_version, samples, "
                            + "total_duration_ms, max_duration_ms, max_rows_read, max_rows_changed) "
                            + "SELECT r.dataset, COALESCE(r.engine, ''), s.from_version, s.to_version, COUNT(*), "
                            + "SUM(s.duration_ms), MAX(s.duration_ms), MAX(s.rows_read), "
                            + "MAX(s.rows_inserted + s.rows_updated + s.rows_deleted) "
                            + "FROM realdb_step s JOIN realdb_run r ON r.id = s.run_id "
                            + "WHERE s.ended = TRUE AND s.duration_ms IS NOT NULL "
                            + "GROUP BY r.dataset, COALESCE(r.engine, ''), s.from_version, s.to_version")),
            new Upgrade(3, "a step's whole process time and where its duration runs from", d -> List.of(
                    "ALTER TABLE realdb_step ADD COLUMN process_ms BIGINT",
                    "ALTER TABLE realdb_step ADD COLUMN duration_source VARCHAR(20)")),
            // The blocked times as columns, for queries; the whole impact (tables, locks, rewrites) as JSON.
            new Upgrade(4, "how long each step blocked reads and writes", d -> List.of(
                    "ALTER TABLE realdb_step ADD COLUMN write_blocked_ms BIGINT",
                    "ALTER TABLE realdb_step ADD COLUMN read_blocked_ms BIGINT",
                    "ALTER TABLE realdb_step ADD COLUMN impact " + d.longText())));

    /** The version this realdb writes. */
    public static final int LATEST = UPGRADES.get(UPGRADES.size() - 1).version();

    private HistorySchema() {
    }

    /**
     * Brings the history's schema to {@link #LATEST}.
     *
     * @param where names the history in messages
     * @return the version the history was at before (0 for a new one)
     * @throws BadInputException when the history is newer than this realdb
     */
    static int upgrade(Connection connection, HistoryDialect dialect, String where) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                    + "version INT NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, "
                    + "applied_at BIGINT NOT NULL)");
        }
        dialect.lockSchema(connection);
        try {
            int found = version(connection);
            if (found > LATEST) {
                throw new BadInputException("the history at " + where + " has schema version " + found
                        + ", newer than this realdb knows (" + LATEST + "): use a newer realdb");
            }
            for (Upgrade upgrade : UPGRADES) {
                if (upgrade.version() > found) {
                    apply(connection, dialect, upgrade);
                }
            }
            return found;
        } finally {
            dialect.unlockSchema(connection);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The version a history is at; 0 when it has none yet. */
    static int version(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * One upgrade in one transaction where the database has transactional DDL (H2, PostgreSQL);
     * MariaDB commits each statement, and the schema lock keeps other processes out meanwhile.
     */
    private static void apply(Connection connection, HistoryDialect dialect, Upgrade upgrade) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String sql : upgrade.statements().apply(dialect)) {
                st.execute(sql);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, upgrade.version());
                insert.setString(2, upgrade.description());
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("upgrading the history's schema to version " + upgrade.version() + " failed: "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
