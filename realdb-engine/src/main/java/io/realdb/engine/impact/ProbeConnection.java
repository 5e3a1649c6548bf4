package io.realdb.engine.impact;

import io.realdb.engine.model.RowCounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One probe's connection, as the run's own user: it finds the tables to probe, reads or writes
 * one row, and knows what its work added to the server's row counters. One thread uses it;
 * {@link #cancel()} may come from another.
 */
abstract class ProbeConnection implements AutoCloseable {

    protected final Connection connection;
    private final long sessionId;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private volatile Statement running;

    protected ProbeConnection(Connection connection, long sessionId) {
        this.connection = connection;
        this.sessionId = sessionId;
    }

    /** The server's id of this connection, so that its locks are not taken for the migration's. */
    long sessionId() {
        return sessionId;
    }

    /**
     * The run database's tables, with keys sampled from each end of their primary key.
     *
     * @param probed whether a table (by name) may be probed at all
     * @param sample how many keys to take from each end
     */
    abstract Discovery discover(String database, java.util.function.Predicate<String> probed, int sample)
            throws SQLException;

    /**
     * Up to {@code count} keys from each end of a table's primary key, without repeats, in the
     * key's own order (that of its index).
     *
     * @param quotedKey   the key's columns, quoted for the server
     * @param quotedTable the table, quoted (and qualified) for the server
     * @param asText      whether to take each value as text (for a CAST back) rather than as the driver gives it
     */
    protected List<List<Object>> sampleKeys(List<String> quotedKey, String quotedTable, int count, boolean asText)
            throws SQLException {
        String columns = String.join(", ", quotedKey);
        String descending = String.join(", ", quotedKey.stream().map(k -> k + " DESC").toList());
        String sql = "(SELECT " + columns + " FROM " + quotedTable + " ORDER BY " + columns + " LIMIT " + count
                + ") UNION ALL (SELECT " + columns + " FROM " + quotedTable + " ORDER BY " + descending + " LIMIT "
                + count + ")";
        Set<List<Object>> keys = new LinkedHashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= quotedKey.size(); i++) {
                    values.add(asText ? rs.getString(i) : rs.getObject(i));
                }
                keys.add(values);
            }
        }
        return List.copyOf(keys);
    }

    /** Takes up the tables another connection found, for the step about to start. */
    void use(Discovery discovery) throws SQLException {
    }

    /** Reads one row by its key; {@code timing} spans the statement alone. */
    abstract void read(ProbeTable table, List<Object> key, Timing timing) throws SQLException;

    /** Writes one row by its key, leaving it as it was; {@code timing} spans the statements alone. */
    abstract void write(ProbeTable table, List<Object> key, Timing timing) throws SQLException;

    /** Whether the failure was a wait given up on (a lock or statement timeout, a deadlock): the probe tries again. */
    abstract boolean gaveUpWaiting(SQLException e);

    /** What this connection's work added to the server's row counters, read when it is idle. */
    abstract RowCounts ownRows() throws SQLException;

    /**
     * Stops the statement running now, from another thread, without waiting: a driver may open a
     * connection to stop it, which a server that stopped answering would hold.
     */
    void cancel() {
        Statement statement = running;
        if (statement != null) {
            ImpactMeter.detached(() -> {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    // It ended meanwhile, or the connection is gone: nothing left to stop.
                }
            });
        }
    }

    /** Runs {@code sql} with {@code parameters}, draining any rows, within {@code timing}. */
    protected void execute(String sql, List<Object> parameters, Timing timing) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        running = statement;
        try {
            if (statement.execute()) {
                try (java.sql.ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        // Drained: the statement is done only when its rows are.
                    }
                }
            }
        } finally {
            running = null;
            if (timing != null) {
                timing.stop();
            }
        }
    }

    /** Drops the connection without waiting for the server: its thread may still be in a call. */
    void abort() {
        ImpactMeter.abort(connection);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // Gone already: nothing to release.
        }
    }

    /**
     * What one look at the database found.
     *
     * @param tables    tables with a primary key and at least one row
     * @param keyless   tables left out for lack of a primary key
     * @param relations what a dialect needs to know of the database for the step (its own terms)
     */
    record Discovery(List<ProbeTable> tables, List<String> keyless, String relations) {

        Discovery {
            tables = List.copyOf(tables);
            keyless = List.copyOf(keyless);
        }

        Set<String> names() {
            return Set.copyOf(tables.stream().map(ProbeTable::name).toList());
        }
    }
}
