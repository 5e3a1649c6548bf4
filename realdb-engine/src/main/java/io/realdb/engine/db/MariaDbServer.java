package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.RowCounts;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A MariaDB, MySQL or Percona server reached through MariaDB Connector/J: one that was already
 * running, or a private one this run started (then {@link #close()} stops it and removes its
 * data).
 */
public final class MariaDbServer implements DatabaseServer {

    /** How long a login may take before the server counts as unreachable. */
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private static final int PROBE_TIMEOUT_MILLIS = 3_000;
    /** Administrative statements (create, grant, drop) answer at once on a server that is well. */
    private static final int STATEMENT_TIMEOUT_MILLIS = 60_000;
    /**
     * Realdb's own longer statements (a seed's multi-megabyte INSERT, a tool's version query):
     * a server that does not answer one in this time is taken as gone.
     */
    private static final int LONG_STATEMENT_TIMEOUT_MILLIS = 15 * 60_000;
    private static final int MAX_NAME_LENGTH = 64;
    private static final int ER_DB_CREATE_EXISTS = 1007;
    private static final int ER_CANNOT_USER = 1396;
    private static final int ER_BAD_DB = 1049;
    private static final String COUNTER_LOCK = "realdb.counters";
    private static final int MAX_RUN_CONNECTIONS = 50;

    /**
     * The driver itself rather than {@link java.sql.DriverManager}, which finds drivers through
     * the class loader of its caller and fails inside plugin class loaders.
     */
    private static final Driver DRIVER = new org.mariadb.jdbc.Driver();

    private final ConnectionInfo admin;
    private final PrivateMariaDb instance;
    private volatile String version;
    private volatile Boolean hasInnodbCounters;
    /** Holds the run's locks on an existing server: its own, and the counters'. */
    private Connection runLock;
    private boolean holdsCounters;
    /** What this object created on an existing server, as {@code kind:name}: all it may drop. */
    private final java.util.Set<String> createdHere = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private MariaDbServer(ConnectionInfo admin, PrivateMariaDb instance) {
        this.admin = admin;
        this.instance = instance;
    }

    /**
     * Connects to a running server and checks that it answers.
     *
     * @throws BadInputException       when the server refuses the user or password
     * @throws InfrastructureException when it cannot be reached
     */
    static MariaDbServer existing(ConnectionInfo connection) {
        MariaDbServer server = new MariaDbServer(connection, null);
        try (Connection c = open(connection, null, CONNECT_TIMEOUT_MILLIS, 0)) {
            server.version = queryVersion(c);
        } catch (SQLException e) {
            throw server.failure("cannot connect to the database server at " + connection.describe(), e);
        }
        return server;
    }

    /** Wraps a private server whose process is up and answers. */
    static MariaDbServer ofPrivate(PrivateMariaDb instance, String version) {
        MariaDbServer server = new MariaDbServer(instance.admin(), instance);
        server.version = version;
        return server;
    }

    /**
     * Opens a connection. With a socket, Connector/J talks over it through JNA ({@code localSocket}).
     * The password travels in the properties, never in the URL, which drivers may print.
     *
     * @param socketTimeoutMillis how long a statement may wait for the server; 0 for ever
     */
    static Connection open(ConnectionInfo info, String database, int connectTimeoutMillis, int socketTimeoutMillis)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", info.user());
        if (info.password() != null) {
            properties.setProperty("password", info.password());
        }
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutMillis));
        if (socketTimeoutMillis > 0) {
            properties.setProperty("socketTimeout", Integer.toString(socketTimeoutMillis));
        }
        String url;
        if (info.socket() != null) {
            properties.setProperty("localSocket", info.socket().toString());
            url = "jdbc:mariadb://localhost/";
        } else {
            String host = info.host().contains(":") && !info.host().startsWith("[") ? "[" + info.host() + "]" : info.host();
            url = "jdbc:mariadb://" + host + ":" + info.port() + "/";
        }
        String where = url;
        Connection connection = Bounded.call(Duration.ofMillis(connectTimeoutMillis), "connecting to " + where,
                () -> DRIVER.connect(where, properties), MariaDbServer::closeQuietly);
        try {
            if (database != null) {
                connection.setCatalog(database);
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // Given up on already.
        }
    }

    @Override
    public String engineId() {
        return MariaDbEngine.ID;
    }

    @Override
    public String version() {
        String known = version;
        if (known == null) {
            try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS)) {
                known = queryVersion(c);
                version = known;
            } catch (SQLException e) {
                throw failure("cannot read the version of the server at " + admin.describe(), e);
            }
        }
        return known;
    }

    @Override
    public ConnectionInfo admin() {
        return admin;
    }

    @Override
    public Connection connectAs(ConnectionInfo who, String database) {
        try {
            // Migrations run on these: the step's budget bounds them, not a read timeout.
            return open(who, database, CONNECT_TIMEOUT_MILLIS, 0);
        } catch (SQLException e) {
            throw failure("cannot connect as '" + who.user() + "' to " + (database == null ? "the server"
                    : "database '" + database + "'") + " at " + who.describe(), e);
        }
    }

    @Override
    public Connection connect(String database) {
        try {
            return open(admin, database, CONNECT_TIMEOUT_MILLIS, LONG_STATEMENT_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            throw failure("cannot connect to " + (database == null ? "the server" : "database '" + database + "'")
                    + " at " + admin.describe(), e);
        }
    }

    /**
     * A private server is the run's own: an earlier database of the name is dropped, an existing
     * user gets the password. On an existing server nothing that is there is touched: a database
     * or user of these names that exists already is refused, and what is created is recorded in
     * {@link OwnedObjects}, so that only it is removed afterwards. The user is made for both
     * {@code localhost} (socket logins, and the anonymous {@code ''@localhost} account some
     * installations have would otherwise win over {@code %}) and {@code %} (TCP from elsewhere).
     * The password goes to the server as a bound parameter, quoted by the driver.
     */
    @Override
    public void createRunDatabase(RunDatabase run) {
        createRun(run, false);
    }

    /**
     * On a private server whose database came with the data directory (a copy of a snapshot):
     * the run's user, made as {@link #createRunDatabase} makes it; the database stays as it is.
     */
    void createRunUser(RunDatabase run) {
        if (!isPrivate()) {
            throw new IllegalStateException("only a private server starts with its database");
        }
        createRun(run, true);
    }

    private void createRun(RunDatabase run, boolean keepDatabase) {
        String db = quoteName(run.database(), "database name", MAX_NAME_LENGTH);
        boolean adminItself = run.user().equals(admin.user());
        List<String> accounts = adminItself ? List.of() : accounts(run.user());
        if (!adminItself && run.password() == null) {
            throw new BadInputException("no password for database user '" + run.user() + "'");
        }
        if (!isPrivate() && adminItself) {
            throw new BadInputException("on an existing server a run works as a user of its own, not as '"
                    + admin.user() + "'");
        }
        if (!isPrivate()) {
            holdRun(run);
        }
        try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS);
             Statement st = c.createStatement()) {
            if (isPrivate()) {
                if (!keepDatabase) {
                    st.execute("DROP DATABASE IF EXISTS " + db);
                    st.execute("CREATE DATABASE " + db);
                }
            } else {
                OwnedObjects.ensureTable(st);
                createOwnDatabase(c, st, run.database(), db);
            }
            for (String account : accounts) {
                String create = isPrivate() ? "CREATE USER IF NOT EXISTS " : "CREATE USER ";
                // On a server others use, a migration must not be able to take every connection.
                String limit = isPrivate() ? "" : " WITH MAX_USER_CONNECTIONS " + MAX_RUN_CONNECTIONS;
                try (PreparedStatement statement = c.prepareStatement(create + account + " IDENTIFIED BY ?" + limit)) {
                    statement.setString(1, run.password());
                    statement.execute();
                } catch (SQLException e) {
                    if (!isPrivate() && e.getErrorCode() == ER_CANNOT_USER) {
                        throw new BadInputException("user " + account + " exists on " + admin.describe()
                                + " and realdb did not create it: realdb never changes a user it did not create", e);
                    }
                    throw e;
                }
                if (isPrivate()) {
                    try (PreparedStatement alter = c.prepareStatement("ALTER USER " + account + " IDENTIFIED BY ?")) {
                        alter.setString(1, run.password());
                        alter.execute();
                    }
                } else if (account.endsWith("@'localhost'")) {
                    OwnedObjects.record(c, OwnedObjects.USER, run.user(), run.database());
                    createdHere.add(OwnedObjects.USER + ":" + run.user());
                }
                st.execute("GRANT ALL PRIVILEGES ON " + grantPattern(run.database()) + ".* TO " + account);
            }
        } catch (SQLException e) {
            throw failure("cannot prepare database '" + run.database() + "' for user '" + run.user() + "' on "
                    + admin.describe(), e);
        }
    }

    private void createOwnDatabase(Connection c, Statement st, String name, String quoted) throws SQLException {
        try {
            st.execute("CREATE DATABASE " + quoted);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_DB_CREATE_EXISTS) {
                throw new BadInputException("database '" + name + "' exists on " + admin.describe() + " and realdb did "
                        + "not create it: realdb never changes a database it did not create (give another --database, "
                        + "or none for a name of the run's own)", e);
            }
            throw e;
        }
        OwnedObjects.record(c, OwnedObjects.DATABASE, name, name);
        createdHere.add(OwnedObjects.DATABASE + ":" + name);
    }

    /**
     * Removes what {@link #createRunDatabase} made on an existing server, and only what this
     * server object itself created and the record says realdb made; a private server goes with
     * its data directory.
     */
    @Override
    public boolean dropRunDatabase(RunDatabase run) {
        if (isPrivate()) {
            return false;
        }
        boolean removed = false;
        try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS)) {
            if (createdHere.remove(OwnedObjects.DATABASE + ":" + run.database())) {
                removed |= drop(c, OwnedObjects.DATABASE, run.database());
            }
            if (createdHere.remove(OwnedObjects.USER + ":" + run.user())) {
                removed |= drop(c, OwnedObjects.USER, run.user());
            }
            return removed;
        } catch (SQLException e) {
            throw failure("cannot remove the run's database '" + run.database() + "' and user '" + run.user()
                    + "' from " + admin.describe(), e);
        }
    }

    @Override
    public java.util.Optional<Boolean> acceptsSocketLoginAs(String osUser) {
        // MariaDB keeps every way an account may log in (unix_socket OR a password) in global_priv;
        // MySQL names its one plugin in mysql.user.
        for (String query : List.of(
                "SELECT COUNT(*) FROM mysql.global_priv WHERE User = ? AND (Priv LIKE '%unix_socket%' "
                        + "OR Priv LIKE '%auth_socket%')",
                "SELECT COUNT(*) FROM mysql.user WHERE User = ? AND plugin IN ('unix_socket', 'auth_socket')")) {
            try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS);
                 PreparedStatement select = c.prepareStatement(query)) {
                select.setString(1, osUser);
                try (ResultSet rs = select.executeQuery()) {
                    return java.util.Optional.of(rs.next() && rs.getInt(1) > 0);
                }
            } catch (SQLException e) {
                // Not this server's table, or no right to read it: the next way, or no answer.
            }
        }
        return java.util.Optional.empty();
    }

    /** Removes what runs that are gone left: those whose run lock the server holds for nobody. */
    @Override
    public List<String> removeLeftovers() {
        if (isPrivate()) {
            return List.of();
        }
        List<String> removed = new java.util.ArrayList<>();
        try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS);
             PreparedStatement free = c.prepareStatement("SELECT IS_FREE_LOCK(?)")) {
            for (OwnedObjects.Owned owned : OwnedObjects.all(c)) {
                free.setString(1, OwnedObjects.runLock(owned.run()));
                boolean gone;
                try (ResultSet rs = free.executeQuery()) {
                    gone = rs.next() && rs.getInt(1) == 1;
                }
                if (gone) {
                    drop(c, owned.kind(), owned.name());
                    removed.add(owned.kind() + " " + owned.name() + " (left by the run of process " + owned.pid()
                            + " on " + owned.host() + ")");
                }
            }
        } catch (SQLException e) {
            throw failure("cannot remove what earlier runs left on " + admin.describe(), e);
        }
        return removed;
    }

    private static boolean drop(Connection c, String kind, String name) throws SQLException {
        if (!OwnedObjects.isOwned(c, kind, name)) {
            return false;
        }
        try (Statement st = c.createStatement()) {
            if (kind.equals(OwnedObjects.DATABASE)) {
                st.execute("DROP DATABASE IF EXISTS " + quoteName(name, "database name", MAX_NAME_LENGTH));
            } else {
                st.execute("DROP USER IF EXISTS " + String.join(", ", accounts(name)));
            }
        }
        OwnedObjects.forget(c, kind, name);
        return true;
    }

    private static List<String> accounts(String user) {
        String quoted = quoteName(user, "user name", 80);
        return List.of(quoted + "@'localhost'", quoted + "@'%'");
    }

    private static String grantPattern(String database) {
        return "`" + database.replace("_", "\\_").replace("%", "\\%") + "`";
    }

    /**
     * Takes the run's own lock (see {@link OwnedObjects#runLock}) on a connection that stays open
     * for the whole run, so that {@code realdb cleanup} leaves a live run's database and user
     * alone.
     */
    private void holdRun(RunDatabase run) {
        try {
            Connection c = runLock();
            boolean got = Bounded.call(Duration.ofMillis(STATEMENT_TIMEOUT_MILLIS), "taking the run's lock", () -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                    lock.setString(1, OwnedObjects.runLock(run.database()));
                    try (ResultSet rs = lock.executeQuery()) {
                        return rs.next() && rs.getInt(1) == 1;
                    }
                }
            }, ignored -> { });
            if (!got) {
                throw new BadInputException("another realdb run on " + admin.describe() + " works in database '"
                        + run.database() + "': give another --database");
            }
        } catch (SQLException e) {
            throw failure("cannot take the run's lock on " + admin.describe(), e);
        }
    }

    /** The connection that holds the run's locks, opened once and kept open. */
    private Connection runLock() throws SQLException {
        if (runLock == null) {
            Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, 0);
            try (Statement st = c.createStatement()) {
                // An idle connection is closed by the server after wait_timeout, and its locks with it.
                st.execute("SET SESSION wait_timeout = 31536000");
            }
            runLock = c;
        }
        return runLock;
    }

    /**
     * On an existing server the row counters are server-wide: two runs at once would count each
     * other's rows. A run holds a named lock for its whole length (released when its connection
     * closes, even when realdb is killed), and a second run waits for it.
     */
    @Override
    public void holdCounters(java.time.Duration wait, java.util.function.Consumer<String> waiting) {
        if (isPrivate() || holdsCounters) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        int seconds = 0;
        try {
            Connection c = runLock();
            while (true) {
                int waitSeconds = seconds;
                boolean got = Bounded.call(Duration.ofSeconds(waitSeconds + 30), "waiting for the server's counters", () -> {
                    try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                        lock.setString(1, COUNTER_LOCK);
                        lock.setInt(2, waitSeconds);
                        try (ResultSet rs = lock.executeQuery()) {
                            return rs.next() && rs.getInt(1) == 1;
                        }
                    }
                }, ignored -> { });
                if (got) {
                    holdsCounters = true;
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new InfrastructureException("another realdb run has held " + admin.describe()
                            + " for more than " + wait.toMinutes() + " min; its row counters are server-wide, so runs "
                            + "on one server take turns");
                }
                waiting.accept("Waiting for another realdb run on " + admin.describe()
                        + ": row counters are server-wide, so runs on one server take turns");
                seconds = 10;
            }
        } catch (SQLException e) {
            throw failure("cannot take the run's lock on " + admin.describe(), e);
        }
    }

    /**
     * {@code Innodb} where the server has InnoDB's row counters (MySQL, Percona, MariaDB before
     * 10.6); {@code Rows} on MariaDB 10.6 and later, which dropped them: see {@link #readCounters()}.
     */
    @Override
    public String counterPrefix() {
        return innodbCounters() ? "Innodb" : "Rows";
    }

    /**
     * InnoDB's {@code Innodb_rows_read}, {@code _inserted}, {@code _updated}, {@code _deleted}
     * where the server has them. MariaDB 10.6 and later have not; there the counters are the
     * server's own for all engines, without internal temporary tables: {@code Rows_read},
     * {@code Handler_write}, {@code Handler_update}, {@code Handler_delete}.
     */
    @Override
    public RowCounts readCounters() {
        Map<String, Long> values = counters();
        hasInnodbCounters = values.containsKey("innodb_rows_read");
        if (hasInnodbCounters) {
            return new RowCounts(
                    values.getOrDefault("innodb_rows_read", 0L),
                    values.getOrDefault("innodb_rows_inserted", 0L),
                    values.getOrDefault("innodb_rows_updated", 0L),
                    values.getOrDefault("innodb_rows_deleted", 0L));
        }
        return new RowCounts(
                values.getOrDefault("rows_read", 0L),
                values.getOrDefault("handler_write", 0L),
                values.getOrDefault("handler_update", 0L),
                values.getOrDefault("handler_delete", 0L));
    }

    private boolean innodbCounters() {
        Boolean known = hasInnodbCounters;
        if (known == null) {
            known = counters().containsKey("innodb_rows_read");
            hasInnodbCounters = known;
        }
        return known;
    }

    /** Both sets of counters, by lower-case name, as far as the server has them. */
    private Map<String, Long> counters() {
        try {
            return Bounded.call(Duration.ofMillis(STATEMENT_TIMEOUT_MILLIS), "reading the row counters", () -> {
                Map<String, Long> values = new HashMap<>();
                try (Connection c = open(admin, null, CONNECT_TIMEOUT_MILLIS, STATEMENT_TIMEOUT_MILLIS);
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ("
                             + "'Innodb_rows_read', 'Innodb_rows_inserted', 'Innodb_rows_updated', 'Innodb_rows_deleted', "
                             + "'Rows_read', 'Handler_write', 'Handler_update', 'Handler_delete')")) {
                    while (rs.next()) {
                        values.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getLong(2));
                    }
                }
                return values;
            }, values -> { });
        } catch (SQLException e) {
            throw new InfrastructureException("cannot read the row counters of " + admin.describe() + ": "
                    + SqlErrors.message(e), e);
        }
    }

    @Override
    public boolean isAlive() {
        if (instance != null && !instance.process().isAlive()) {
            return false;
        }
        try {
            return Bounded.call(Duration.ofMillis(PROBE_TIMEOUT_MILLIS), "asking the server", () -> {
                try (Connection c = open(admin, null, PROBE_TIMEOUT_MILLIS, PROBE_TIMEOUT_MILLIS);
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            }, answered -> { });
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean isPrivate() {
        return instance != null;
    }

    /** The server's process, when this run started it. */
    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(instance).map(i -> i.process().toHandle());
    }

    /** The data directory of a private server; gone once it is closed. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(instance).map(PrivateMariaDb::dataDir);
    }

    /** What a private server wrote while it ran (kept after close, for diagnosis). */
    public Optional<Path> serverLog() {
        return Optional.ofNullable(instance).map(PrivateMariaDb::log);
    }

    /**
     * Shuts a private server down cleanly and keeps its data directory, for a snapshot of it.
     *
     * @throws io.realdb.engine.InfrastructureException when it does not shut down cleanly
     */
    void stopKeepingData() {
        instance.stopKeepingData();
    }

    @Override
    public void close() {
        if (runLock != null) {
            closeQuietly(runLock);
            runLock = null;
            holdsCounters = false;
        }
        if (instance != null) {
            instance.stop();
        }
    }

    @Override
    public String toString() {
        return "MariaDB " + (isPrivate() ? "private server" : "server") + " at " + admin.describe();
    }

    /**
     * Backticks around a database or user name. A name with a backtick, a backslash or NUL is
     * refused rather than escaped: no real schema needs one, and each is a classic injection.
     */
    static String quoteName(String name, String what, int maxLength) {
        if (name == null || name.isEmpty()) {
            throw new BadInputException("empty " + what);
        }
        if (name.length() > maxLength) {
            throw new BadInputException(what + " '" + name + "' is longer than " + maxLength + " characters");
        }
        if (name.indexOf('`') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new BadInputException(what + " '" + name.replace("\0", "\\0")
                    + "' contains a backtick, backslash or NUL character, which realdb does not accept");
        }
        return "`" + name + "`";
    }

    private static String queryVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The exception for a failed administrative step: refused logins and privileges are the
     * configuration's fault, a server that is gone is the infrastructure's.
     */
    private RuntimeException failure(String what, SQLException e) {
        String text = what + ": " + SqlErrors.message(e);
        if (e.getErrorCode() == ER_BAD_DB) {
            // The run's own database went away under it: nothing the change or its config did.
            return new InfrastructureException(text, e);
        }
        if (SqlErrors.isAccessDenied(e)) {
            return new BadInputException(text + " (check user '" + admin.user() + "', its password and its privileges)", e);
        }
        if (SqlErrors.isInfrastructure(e) || !isAlive()) {
            return new InfrastructureException(text, e);
        }
        return new BadInputException(text, e);
    }
}
