package io.realdb.engine.impact;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.StepImpact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB, MySQL and Percona. The probes' rows are told apart by each probe connection's own
 * {@code SHOW SESSION STATUS} of the counters realdb reads server-wide ({@code Rows_read},
 * {@code Handler_write}, {@code _update}, {@code _delete}), read when the step ends: the
 * server-wide values are the sums of the sessions', so the probes' part is exactly known. A
 * server with InnoDB's {@code Innodb_rows_*} counters (MySQL, Percona, MariaDB before 10.6) keeps
 * them server-wide only, so there the probes do not run.
 *
 * <p>Locks come from {@code information_schema.METADATA_LOCK_INFO} (MariaDB's
 * {@code metadata_lock_info} plugin, which realdb installs on a private server) or else from
 * {@code performance_schema.metadata_locks}; rewrites from InnoDB's table ids
 * ({@code INNODB_SYS_TABLES}, MySQL 8's {@code INNODB_TABLES}), which a table copied into new
 * storage changes.
 */
final class MariaDbImpact implements ImpactDialect {

    private static final String LOCK_PLUGIN = "metadata_lock_info";
    private static final String LOCK_PERFORMANCE_SCHEMA = "performance_schema";
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_STATEMENT_TIMEOUT = 1969;
    private static final int ER_QUERY_TIMEOUT = 3024;
    private static final String SESSION_COUNTERS = "SHOW SESSION STATUS WHERE Variable_name IN "
            + "('Rows_read', 'Handler_write', 'Handler_update', 'Handler_delete')";

    @Override
    public String engineId() {
        return "mariadb";
    }

    @Override
    public String cannotSeparateCounters(DatabaseServer server) {
        if ("Innodb".equals(server.counterPrefix())) {
            return "this server counts rows only in InnoDB's server-wide Innodb_rows_* counters, which cannot tell "
                    + "realdb's probes from the migration";
        }
        return null;
    }

    @Override
    public Sources prepare(DatabaseServer server, Consumer<String> note) {
        try (Connection c = server.connect(null); Statement st = c.createStatement()) {
            Set<String> tables = informationSchemaTables(st);
            String locks = null;
            if (!tables.contains("METADATA_LOCK_INFO") && server.isPrivate()) {
                try {
                    st.execute("INSTALL SONAME '" + LOCK_PLUGIN + "'");
                    tables = informationSchemaTables(st);
                } catch (SQLException e) {
                    note.accept("Impact: cannot install the " + LOCK_PLUGIN + " plugin on the private server ("
                            + SqlErrors.message(e) + ")");
                }
            }
            if (tables.contains("METADATA_LOCK_INFO")) {
                locks = LOCK_PLUGIN;
            } else if (metadataLocksInstrumented(st)) {
                locks = LOCK_PERFORMANCE_SCHEMA;
            } else {
                note.accept("Impact: table locks are not sampled: the server has neither the " + LOCK_PLUGIN
                        + " plugin nor performance_schema's metadata_locks with its instrument enabled");
            }
            String storage = tables.contains("INNODB_SYS_TABLES") ? "INNODB_SYS_TABLES"
                    : tables.contains("INNODB_TABLES") ? "INNODB_TABLES" : null;
            if (storage == null) {
                note.accept("Impact: rewritten tables are not detected: the server shows no InnoDB table ids");
            }
            return new Sources(locks, storage);
        } catch (SQLException e) {
            note.accept("Impact: the server does not tell its locks or table storage (" + SqlErrors.message(e) + ")");
            return new Sources(null, null);
        }
    }

    private static Set<String> informationSchemaTables(Statement st) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + "'information_schema' AND TABLE_NAME IN ('METADATA_LOCK_INFO', 'INNODB_SYS_TABLES', 'INNODB_TABLES')")) {
            while (rs.next()) {
                names.add(rs.getString(1).toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static boolean metadataLocksInstrumented(Statement st) {
        try (ResultSet rs = st.executeQuery("SELECT ENABLED FROM performance_schema.setup_instruments "
                + "WHERE NAME = 'wait/lock/metadata/sql/mdl'")) {
            return rs.next() && "YES".equalsIgnoreCase(rs.getString(1));
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public ProbeConnection openProbe(DatabaseServer server, ConnectionInfo runUser, String database) throws SQLException {
        Connection c = server.connectAs(runUser, database);
        try (Statement st = ImpactMeter.bounded(c).createStatement()) {
            long seconds = ImpactMeter.OP_TIMEOUT.toSeconds();
            // Metadata locks, row locks and the statement as a whole: none waits longer than an operation may.
            st.execute("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds
                    + ", max_statement_time = " + seconds);
            long id;
            try (ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            return new Probe(c, id);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public Watch openWatch(DatabaseServer server, ConnectionInfo runUser, String database, Sources sources)
            throws SQLException {
        // The administrator reads what only it may (other sessions' locks, InnoDB's tables), and
        // nothing but information_schema: no object a migration made is ever touched by it.
        Connection c = server.connect(null);
        try {
            return new AdminWatch(ImpactMeter.bounded(c), runUser.user(), database, sources);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static RowCounts sessionCounters(Connection c) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SESSION_COUNTERS)) {
            while (rs.next()) {
                values.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
            }
        }
        return new RowCounts(values.getOrDefault("rows_read", 0L), values.getOrDefault("handler_write", 0L),
                values.getOrDefault("handler_update", 0L), values.getOrDefault("handler_delete", 0L));
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A probe: reads in autocommit, writes that set a column to itself in a transaction rolled back. */
    private static final class Probe extends ProbeConnection {

        Probe(Connection connection, long sessionId) {
            super(connection, sessionId);
        }

        @Override
        Discovery discover(String database, Predicate<String> probed, int sample) throws SQLException {
            // In a transaction, the sampled tables' metadata locks would be held into the step.
            autocommit(true);
            Map<String, List<String>> keys = new LinkedHashMap<>();
            Map<String, List<String>> writable = new HashMap<>();
            try (PreparedStatement tables = connection.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                tables.setString(1, database);
                try (ResultSet rs = tables.executeQuery()) {
                    while (rs.next()) {
                        keys.put(rs.getString(1), new ArrayList<>());
                    }
                }
            }
            try (PreparedStatement columns = connection.prepareStatement("SELECT s.TABLE_NAME, s.COLUMN_NAME "
                    + "FROM information_schema.STATISTICS s WHERE s.TABLE_SCHEMA = ? AND s.INDEX_NAME = 'PRIMARY' "
                    + "ORDER BY s.TABLE_NAME, s.SEQ_IN_INDEX")) {
                columns.setString(1, database);
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        List<String> key = keys.get(rs.getString(1));
                        if (key != null) {
                            key.add(rs.getString(2));
                        }
                    }
                }
            }
            try (PreparedStatement columns = connection.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME "
                    + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND IS_GENERATED = 'NEVER' "
                    + "ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
                columns.setString(1, database);
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        writable.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            List<ProbeTable> found = new ArrayList<>();
            List<String> keyless = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : keys.entrySet()) {
                String name = table.getKey();
                List<String> key = table.getValue();
                if (!probed.test(name)) {
                    continue;
                }
                if (key.isEmpty()) {
                    keyless.add(name);
                    continue;
                }
                List<List<Object>> sampled = sample(name, key, sample);
                if (sampled.isEmpty()) {
                    continue;
                }
                String where = String.join(" AND ", key.stream().map(k -> quote(k) + " = ?").toList());
                List<String> settable = writable.getOrDefault(name, List.of());
                // A key column if it can be set (the usual case), else any column that can.
                String column = key.stream().filter(settable::contains).findFirst()
                        .orElse(settable.isEmpty() ? null : settable.get(0));
                List<String> write = column == null ? null : List.of("UPDATE " + quote(name) + " SET " + quote(column)
                        + " = " + quote(column) + " WHERE " + where);
                found.add(new ProbeTable(name, "SELECT 1 FROM " + quote(name) + " WHERE " + where, write, sampled));
            }
            return new Discovery(found, keyless, null);
        }

        private List<List<Object>> sample(String table, List<String> key, int count) throws SQLException {
            return sampleKeys(key.stream().map(MariaDbImpact::quote).toList(), quote(table), count, false);
        }

        @Override
        void read(ProbeTable table, List<Object> key, Timing timing) throws SQLException {
            autocommit(true);
            timing.begin();
            execute(table.readSql(), key, timing);
        }

        @Override
        void write(ProbeTable table, List<Object> key, Timing timing) throws SQLException {
            autocommit(false);
            try {
                timing.begin();
                execute(table.writeSql().get(0), key, timing);
            } finally {
                connection.rollback();
            }
        }

        private void autocommit(boolean on) throws SQLException {
            if (connection.getAutoCommit() != on) {
                connection.setAutoCommit(on);
            }
        }

        @Override
        boolean gaveUpWaiting(SQLException e) {
            int code = e.getErrorCode();
            return code == ER_LOCK_WAIT_TIMEOUT || code == ER_LOCK_DEADLOCK || code == ER_STATEMENT_TIMEOUT
                    || code == ER_QUERY_TIMEOUT;
        }

        @Override
        RowCounts ownRows() throws SQLException {
            return sessionCounters(connection);
        }
    }

    /** The administrator's look at locks and InnoDB's tables, through information_schema and performance_schema only. */
    private static final class AdminWatch implements Watch {
        private static final Pattern ENCODED = Pattern.compile("@([0-9a-fA-F]{4})");

        private final Connection connection;
        private final String runUser;
        private final String database;
        private final Sources sources;

        AdminWatch(Connection connection, String runUser, String database, Sources sources) {
            this.connection = connection;
            this.runUser = runUser;
            this.database = database;
            this.sources = sources;
        }

        @Override
        public Map<String, Storage> storage() throws SQLException {
            if (sources.storage() == null) {
                return null;
            }
            Map<String, Set<Long>> ids = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT NAME, TABLE_ID FROM information_schema."
                    + sources.storage() + " WHERE NAME LIKE ?")) {
                select.setString(1, encode(database).replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "/%");
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String table = tableOf(rs.getString(1));
                        if (table != null) {
                            ids.computeIfAbsent(table, t -> new TreeSet<>()).add(rs.getLong(2));
                        }
                    }
                }
            }
            Map<String, Storage> storage = new HashMap<>();
            ids.forEach((table, set) -> storage.put(table, new Storage(table, set.toString())));
            return storage;
        }

        /** The table an InnoDB name ({@code db/t}, a partition {@code db/t#P#p0}) is of; null for temporary ones. */
        private static String tableOf(String innodbName) {
            String name = innodbName.substring(innodbName.indexOf('/') + 1);
            int partition = name.toUpperCase(Locale.ROOT).indexOf("#P#");
            if (partition >= 0) {
                name = name.substring(0, partition);
            }
            if (name.startsWith("#sql")) {
                return null;
            }
            Matcher m = ENCODED.matcher(name);
            StringBuilder decoded = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(decoded, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
            }
            m.appendTail(decoded);
            return decoded.toString();
        }

        /** A name in the file-name encoding InnoDB keeps names in: letters, digits and {@code _} as they are. */
        private static String encode(String name) {
            StringBuilder encoded = new StringBuilder();
            for (char c : name.toCharArray()) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
                    encoded.append(c);
                } else {
                    encoded.append(String.format(Locale.ROOT, "@%04x", (int) c));
                }
            }
            return encoded.toString();
        }

        @Override
        public Set<StepImpact.TableLock> locks(Set<Long> probeSessions) throws SQLException {
            if (sources.locks() == null) {
                return Set.of();
            }
            String sql = LOCK_PLUGIN.equals(sources.locks())
                    ? "SELECT m.THREAD_ID, m.TABLE_NAME, m.LOCK_MODE FROM information_schema.METADATA_LOCK_INFO m "
                    + "JOIN information_schema.PROCESSLIST p ON p.ID = m.THREAD_ID "
                    + "WHERE m.LOCK_TYPE = 'Table metadata lock' AND m.TABLE_SCHEMA = ? AND p.USER = ?"
                    : "SELECT t.PROCESSLIST_ID, m.OBJECT_NAME, m.LOCK_TYPE FROM performance_schema.metadata_locks m "
                    + "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID "
                    + "WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED' AND m.OBJECT_SCHEMA = ? "
                    + "AND t.PROCESSLIST_USER = ?";
            Set<StepImpact.TableLock> locks = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, database);
                select.setString(2, runUser);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (!probeSessions.contains(rs.getLong(1))) {
                            String mode = rs.getString(3);
                            locks.add(new StepImpact.TableLock(rs.getString(2), mode.startsWith("MDL_") ? mode : "MDL_" + mode));
                        }
                    }
                }
            }
            return locks;
        }

        @Override
        public RowCounts ownRows() throws SQLException {
            return sessionCounters(connection);
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
