package io.realdb.engine.impact;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.StepImpact;

import java.sql.Array;
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
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * PostgreSQL. realdb's counters are the run database's statistics less the system catalogs'
 * ({@code PostgresServer}); every probe works in a transaction of its own and, before ending it,
 * reads its backend's not yet reported counts of the database's own tables and indexes
 * ({@code pg_stat_get_xact_tuples_returned} and the like), before and after its statement: the
 * difference is exactly what the statement adds to those statistics, and is taken off the
 * counters. Catalog reads (finding tables, sampling locks) count for neither.
 *
 * <p>A write probe takes the locks an {@code UPDATE} of the row takes ({@code ROW EXCLUSIVE} on
 * the table, then the row's lock) without writing a new row version, so it leaves nothing behind
 * that the migration's own scans would count. Its lock waits stop short of
 * {@code deadlock_timeout}: a probe waiting for a row while holding its table lock could
 * otherwise, in a deadlock with the migration, see the migration chosen as the victim. A wait
 * given up on is retried at once and counts as one wait.
 */
final class PostgresImpact implements ImpactDialect {

    private static final String SYSTEM_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname !~ '^pg_'";

    @Override
    public String engineId() {
        return "postgresql";
    }

    @Override
    public String cannotSeparateCounters(DatabaseServer server) {
        return null;
    }

    @Override
    public Sources prepare(DatabaseServer server, Consumer<String> note) {
        return new Sources("pg_locks", "pg_class");
    }

    @Override
    public ProbeConnection openProbe(DatabaseServer server, ConnectionInfo runUser, String database) throws SQLException {
        Connection c = server.connectAs(runUser, database);
        try (Statement st = ImpactMeter.bounded(c).createStatement()) {
            long deadlockMillis = 1000;
            try (ResultSet rs = st.executeQuery("SELECT setting::bigint FROM pg_catalog.pg_settings WHERE name = 'deadlock_timeout'")) {
                if (rs.next()) {
                    deadlockMillis = rs.getLong(1);
                }
            }
            long lockMillis = Math.max(1, Math.min(ImpactMeter.OP_TIMEOUT.toMillis(), deadlockMillis * 4 / 5));
            st.execute("SET application_name = 'realdb impact probe'");
            st.execute("SET statement_timeout = " + ImpactMeter.OP_TIMEOUT.toMillis());
            st.execute("SET lock_timeout = " + lockMillis);
            // A parallel worker's reads are counted in its own backend, where the probe cannot see them.
            st.execute("SET max_parallel_workers_per_gather = 0");
            long pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            c.setAutoCommit(false);
            return new Probe(c, pid);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public Watch openWatch(DatabaseServer server, ConnectionInfo runUser, String database, Sources sources)
            throws SQLException {
        // The run's own user: pg_locks, pg_class and its own sessions are all it needs to see.
        Connection c = server.connectAs(runUser, database);
        try {
            return new CatalogWatch(ImpactMeter.bounded(c));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** How reports name a table: without the schema when it is {@code public}. */
    static String displayName(String schema, String table) {
        return "public".equals(schema) ? table : schema + "." + table;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(String.valueOf(value));
        }
        return values;
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private static final class Probe extends ProbeConnection {
        /** The database's own tables and indexes, as an array literal of their oids. */
        private String relations = "{}";
        private PreparedStatement pending;
        private RowCounts own = RowCounts.ZERO;

        Probe(Connection connection, long sessionId) {
            super(connection, sessionId);
        }

        @Override
        Discovery discover(String database, Predicate<String> probed, int sample) throws SQLException {
            List<String> oids = new ArrayList<>();
            List<Object[]> tables = new ArrayList<>();
            try (Statement st = connection.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT c.oid FROM pg_catalog.pg_class c "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND " + SYSTEM_SCHEMA)) {
                    while (rs.next()) {
                        oids.add(Long.toString(rs.getLong(1)));
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname, "
                        + "(SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum), "
                        + "(SELECT array_agg(pg_catalog.format_type(a.atttypid, a.atttypmod) ORDER BY k.ord) "
                        + "FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) "
                        + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary "
                        + "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND " + SYSTEM_SCHEMA
                        + " ORDER BY n.nspname, c.relname")) {
                    while (rs.next()) {
                        tables.add(new Object[] {rs.getString(1), rs.getString(2), strings(rs.getArray(3)), strings(rs.getArray(4))});
                    }
                }
            } finally {
                connection.rollback();
            }
            String literal = "{" + String.join(",", oids) + "}";
            Discovery relationsOnly = new Discovery(List.of(), List.of(), literal);
            use(relationsOnly);
            List<ProbeTable> found = new ArrayList<>();
            List<String> keyless = new ArrayList<>();
            for (Object[] table : tables) {
                String schema = (String) table[0];
                String name = (String) table[1];
                @SuppressWarnings("unchecked")
                List<String> key = (List<String>) table[2];
                @SuppressWarnings("unchecked")
                List<String> types = (List<String>) table[3];
                String shown = displayName(schema, name);
                if (!probed.test(shown)) {
                    continue;
                }
                if (key.isEmpty()) {
                    keyless.add(shown);
                    continue;
                }
                String qualified = quote(schema) + "." + quote(name);
                List<List<Object>> keys = sample(qualified, key, sample);
                if (keys.isEmpty()) {
                    continue;
                }
                List<String> conditions = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    conditions.add(quote(key.get(i)) + " = CAST(? AS " + types.get(i) + ")");
                }
                String where = String.join(" AND ", conditions);
                found.add(new ProbeTable(shown, "SELECT 1 FROM " + qualified + " WHERE " + where,
                        List.of("LOCK TABLE " + qualified + " IN ROW EXCLUSIVE MODE",
                                "SELECT 1 FROM " + qualified + " WHERE " + where + " FOR NO KEY UPDATE"), keys));
            }
            return new Discovery(found, keyless, literal);
        }

        private List<List<Object>> sample(String qualified, List<String> key, int count) throws SQLException {
            // The key's own columns, so that the order is the index's; their text goes back in a CAST.
            List<List<Object>> keys = new ArrayList<>();
            measured(() -> keys.addAll(sampleKeys(key.stream().map(PostgresImpact::quote).toList(), qualified, count, true)));
            return keys;
        }

        @Override
        void use(Discovery discovery) throws SQLException {
            relations = discovery.relations();
            if (pending != null) {
                pending.close();
            }
            // The relations as a literal of numbers: one statement per step, prepared once.
            pending = connection.prepareStatement("SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(o)), 0), "
                    + "coalesce(sum(pg_stat_get_xact_tuples_inserted(o)), 0), "
                    + "coalesce(sum(pg_stat_get_xact_tuples_updated(o)), 0), "
                    + "coalesce(sum(pg_stat_get_xact_tuples_deleted(o)), 0) FROM unnest('" + relations + "'::oid[]) o");
        }

        @Override
        void read(ProbeTable table, List<Object> key, Timing timing) throws SQLException {
            measured(() -> {
                timing.begin();
                execute(table.readSql(), key, timing);
            });
        }

        @Override
        void write(ProbeTable table, List<Object> key, Timing timing) throws SQLException {
            measured(() -> {
                timing.begin();
                execute(table.writeSql().get(0), List.of(), timing);
                execute(table.writeSql().get(1), key, timing);
            });
        }

        /**
         * Runs {@code work} in a transaction of its own, rolled back, and adds what it counted in
         * the database's statistics to {@link #own}; a failed statement's counts are kept by
         * rolling back to a savepoint instead of losing the transaction.
         */
        private void measured(SqlWork work) throws SQLException {
            try {
                RowCounts before = pending();
                try (Statement st = connection.createStatement()) {
                    st.execute("SAVEPOINT realdb_probe");
                }
                SQLException failure = null;
                try {
                    work.run();
                } catch (SQLException e) {
                    failure = e;
                    try (Statement st = connection.createStatement()) {
                        st.execute("ROLLBACK TO SAVEPOINT realdb_probe");
                    }
                }
                own = own.plus(pending().less(before));
                if (failure != null) {
                    throw failure;
                }
            } finally {
                connection.rollback();
            }
        }

        private RowCounts pending() throws SQLException {
            try (ResultSet rs = pending.executeQuery()) {
                rs.next();
                return new RowCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }

        @Override
        boolean gaveUpWaiting(SQLException e) {
            String state = e.getSQLState();
            // lock_timeout, statement_timeout (or a cancel), deadlock, serialization failure
            return "55P03".equals(state) || "57014".equals(state) || "40P01".equals(state) || "40001".equals(state);
        }

        @Override
        RowCounts ownRows() {
            return own;
        }
    }

    /** pg_locks and pg_class, as the run's user. */
    private static final class CatalogWatch implements Watch {
        private final Connection connection;

        CatalogWatch(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Map<String, Storage> storage() throws SQLException {
            Map<String, Storage> storage = new HashMap<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT c.oid, n.nspname, c.relname, c.relfilenode FROM pg_catalog.pg_class c "
                         + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         + "WHERE c.relkind IN ('r', 'm') AND " + SYSTEM_SCHEMA)) {
                while (rs.next()) {
                    storage.put(Long.toString(rs.getLong(1)),
                            new Storage(displayName(rs.getString(2), rs.getString(3)), Long.toString(rs.getLong(4))));
                }
            }
            return storage;
        }

        @Override
        public Set<StepImpact.TableLock> locks(Set<Long> probeSessions) throws SQLException {
            String probes = probeSessions.stream().map(String::valueOf).collect(Collectors.joining(","));
            Set<StepImpact.TableLock> locks = new LinkedHashSet<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT n.nspname, c.relname, l.mode FROM pg_catalog.pg_locks l "
                         + "JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                         + "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
                         + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         + "WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() "
                         + "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
                         + "AND a.backend_type = 'client backend' AND a.usename = current_user "
                         + "AND l.pid <> ALL ('{" + probes + "}'::int[]) "
                         + "AND c.relkind IN ('r', 'p', 'm') AND " + SYSTEM_SCHEMA)) {
                while (rs.next()) {
                    locks.add(new StepImpact.TableLock(displayName(rs.getString(1), rs.getString(2)), rs.getString(3)));
                }
            }
            return locks;
        }

        @Override
        public RowCounts ownRows() {
            // Catalogs only, which the server's counters leave out.
            return RowCounts.ZERO;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                // Gone already.
            }
        }

        @Override
        public void abort() {
            ImpactMeter.abort(connection);
        }
    }
}
