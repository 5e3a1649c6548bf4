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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL server reached through its JDBC driver: one that was already running, or a
 * private one this run started. On an existing server a run works in a database and role of its
 * own, recorded in the database {@value #REGISTRY}, under a session-level advisory lock that
 * tells {@code realdb cleanup} the run is alive.
 * <p>
 * Row counters are the run database's statistics ({@code pg_stat_database}) less what the
 * system catalogs account for, so a migration's DDL does not count as rows: rows read are live
 * rows returned by sequential scans and index entries returned by index scans. PostgreSQL sends a
 * backend's statistics when it ends or goes idle, so before reading them realdb waits until the
 * step's connections have gone. Reads of a table that the same transaction drops are not counted.
 */
public final class PostgresServer implements DatabaseServer {

    static final String REGISTRY = "realdb_registry";
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** How long the step's connections may take to end, so that their statistics are sent. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_NAME_LENGTH = 63;
    private static final int MAX_RUN_CONNECTIONS = 50;
    private static final Driver DRIVER = new org.postgresql.Driver();

    private final ConnectionInfo admin;
    private final PrivatePostgres instance;
    private final String version;
    /** The database whose counters are read: the run's, once it is made. */
    private volatile String counted;
    private Connection runLock;
    private final Set<String> createdHere = ConcurrentHashMap.newKeySet();

    /** The seeds' checksums, kept while a seed file is unchanged; only an existing server has templates. */
    private final io.realdb.engine.db.snapshot.SeedChecksums checksums;

    private PostgresServer(ConnectionInfo admin, PrivatePostgres instance, String version,
                           io.realdb.engine.db.snapshot.SeedChecksums checksums) {
        this.admin = admin;
        this.instance = instance;
        this.version = version;
        this.checksums = checksums;
    }

    static PostgresServer ofPrivate(PrivatePostgres instance, String version) {
        return new PostgresServer(instance.admin(), instance, version, null);
    }

    /**
     * @throws BadInputException       when the server refuses the user or password
     * @throws InfrastructureException when it cannot be reached
     */
    static PostgresServer existing(ConnectionInfo connection, io.realdb.engine.db.snapshot.SeedChecksums checksums) {
        try (Connection c = open(connection, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return new PostgresServer(connection, null, rs.getString(1), checksums);
        } catch (SQLException e) {
            String text = "cannot connect to the PostgreSQL server at " + connection.describe() + ": " + SqlErrors.message(e);
            if (SqlErrors.isAccessDenied(e)) {
                throw new BadInputException(text + " (check the user, its password and pg_hba.conf)", e);
            }
            throw new InfrastructureException(text, e);
        }
    }

    /**
     * A connection by the driver itself; over a unix socket through {@link UnixSocketFactory}.
     * The password travels in the properties, never in the URL.
     */
    static Connection open(ConnectionInfo info, String database, int connectTimeoutMillis) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", info.user());
        if (info.password() != null) {
            properties.setProperty("password", info.password());
        }
        int seconds = Math.max(1, connectTimeoutMillis / 1000);
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("ApplicationName", "realdb");
        String db = database == null ? MAINTENANCE_DATABASE : database;
        String url;
        if (info.socket() != null) {
            properties.setProperty("socketFactory", UnixSocketFactory.class.getName());
            properties.setProperty("socketFactoryArg", info.socket().toString());
            url = "jdbc:postgresql://localhost/" + urlPart(db);
        } else {
            String host = info.host().contains(":") && !info.host().startsWith("[") ? "[" + info.host() + "]" : info.host();
            url = "jdbc:postgresql://" + host + ":" + info.port() + "/" + urlPart(db);
        }
        return Bounded.call(Duration.ofMillis(connectTimeoutMillis + 1000L), "connecting to " + info.describe(),
                () -> DRIVER.connect(url, properties), PostgresServer::closeQuietly);
    }

    private static String urlPart(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
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
        return PostgresEngine.ID;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public ConnectionInfo admin() {
        return admin;
    }

    @Override
    public String socketName() {
        return PrivatePostgres.SOCKET_NAME;
    }

    @Override
    public Connection connect(String database) {
        try {
            return open(admin, database, CONNECT_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            throw failure("cannot connect to " + (database == null ? "the server" : "database '" + database + "'"), e);
        }
    }

    @Override
    public Connection connectAs(ConnectionInfo who, String database) {
        try {
            return open(who, database, CONNECT_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            throw failure("cannot connect as '" + who.user() + "' to " + (database == null ? "the server"
                    : "database '" + database + "'") + " at " + who.describe(), e);
        }
    }

    /**
     * The run's role (with a password, and on an existing server a connection limit) and its
     * database, owned by that role, so that the seed restores and the migrations run as it. On a
     * private server an earlier database of the name is replaced; on an existing server a role
     * or database that exists is refused, never touched.
     */
    @Override
    public void createRunDatabase(RunDatabase run) {
        String db = quoteName(run.database(), "database name");
        String role = quoteName(run.user(), "user name");
        if (run.password() == null) {
            throw new BadInputException("no password for database user '" + run.user() + "'");
        }
        if (!isPrivate() && run.user().equals(admin.user())) {
            throw new BadInputException("on an existing server a run works as a user of its own, not as '" + admin.user() + "'");
        }
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS);
             Statement st = c.createStatement()) {
            if (isPrivate()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
                boolean exists;
                try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                    select.setString(1, run.user());
                    try (ResultSet rs = select.executeQuery()) {
                        exists = rs.next();
                    }
                }
                if (!run.user().equals(admin.user())) {
                    st.execute((exists ? "ALTER" : "CREATE") + " ROLE " + role + " LOGIN PASSWORD " + literal(run.password()));
                }
                st.execute("CREATE DATABASE " + db + " OWNER " + role + " TEMPLATE template0 ENCODING 'UTF8'");
            } else {
                holdRun(run);
                Connection registry = registry();
                try {
                    st.execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT " + MAX_RUN_CONNECTIONS
                            + " PASSWORD " + literal(run.password()));
                } catch (SQLException e) {
                    if ("42710".equals(e.getSQLState())) {
                        throw new BadInputException("user '" + run.user() + "' exists on " + admin.describe()
                                + " and realdb did not create it: realdb never changes a user it did not create", e);
                    }
                    throw e;
                }
                OwnedObjects.recordIn(registry, OwnedObjects.USER, run.user(), run.database(), "realdb_owned");
                createdHere.add(OwnedObjects.USER + ":" + run.user());
                try {
                    st.execute("CREATE DATABASE " + db + " OWNER " + role + " TEMPLATE template0 ENCODING 'UTF8'");
                } catch (SQLException e) {
                    if ("42P04".equals(e.getSQLState())) {
                        throw new BadInputException("database '" + run.database() + "' exists on " + admin.describe()
                                + " and realdb did not create it: realdb never changes a database it did not create "
                                + "(give another --database, or none for a name of the run's own)", e);
                    }
                    throw e;
                }
                OwnedObjects.recordIn(registry, OwnedObjects.DATABASE, run.database(), run.database(), "realdb_owned");
                createdHere.add(OwnedObjects.DATABASE + ":" + run.database());
                st.execute("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
            }
            counted = run.database();
        } catch (SQLException e) {
            throw failure("cannot prepare database '" + run.database() + "' for user '" + run.user() + "'", e);
        }
    }

    /**
     * On a private server started from a snapshot, where the run's database and role are there
     * already: gives the role the run's password and counts the database.
     */
    void useRestored(RunDatabase run) {
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
            if (!run.user().equals(admin.user())) {
                st.execute("ALTER ROLE " + quoteName(run.user(), "user name") + " LOGIN PASSWORD " + literal(run.password()));
            }
        } catch (SQLException e) {
            throw failure("cannot give user '" + run.user() + "' its password", e);
        }
        counted = run.database();
    }

    /** Stops a private server cleanly and keeps its data directory, for a snapshot. */
    void stopKeepingData() {
        instance.stopKeepingData();
    }

    @Override
    public boolean dropRunDatabase(RunDatabase run) {
        if (isPrivate()) {
            return false;
        }
        boolean removed = false;
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS)) {
            Connection registry = registry();
            if (createdHere.remove(OwnedObjects.DATABASE + ":" + run.database())) {
                removed |= drop(c, registry, OwnedObjects.DATABASE, run.database());
            }
            if (createdHere.remove(OwnedObjects.USER + ":" + run.user())) {
                removed |= drop(c, registry, OwnedObjects.USER, run.user());
            }
            return removed;
        } catch (SQLException e) {
            throw failure("cannot remove the run's database '" + run.database() + "' and user '" + run.user() + "'", e);
        }
    }

    @Override
    public List<String> removeLeftovers() {
        if (isPrivate()) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS)) {
            if (!registryExists(c)) {
                return removed;
            }
            Connection registry = registry();
            // A run's role owns its database: databases go first, then roles.
            List<OwnedObjects.Owned> all = new ArrayList<>(OwnedObjects.allIn(registry, "realdb_owned"));
            all.sort(java.util.Comparator.comparing(o -> !o.kind().equals(OwnedObjects.DATABASE)));
            for (OwnedObjects.Owned owned : all) {
                if (owned.kind().equals(TEMPLATE) || owned.kind().equals(TEMPLATE_OWNER)) {
                    // Kept on purpose for later runs, not left behind.
                    continue;
                }
                boolean gone;
                try (PreparedStatement lock = registry.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    lock.setLong(1, lockKey(owned.run()));
                    try (ResultSet rs = lock.executeQuery()) {
                        gone = rs.next() && rs.getBoolean(1);
                    }
                }
                if (gone) {
                    try (PreparedStatement unlock = registry.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        unlock.setLong(1, lockKey(owned.run()));
                        unlock.execute();
                    }
                    drop(c, registry, owned.kind(), owned.name());
                    removed.add(owned.kind() + " " + owned.name() + " (left by the run of process " + owned.pid()
                            + " on " + owned.host() + ")");
                }
            }
        } catch (SQLException e) {
            throw failure("cannot remove what earlier runs left", e);
        }
        return removed;
    }

    /** A seed's template database, kept for later runs ({@link #restoreFromTemplate}). */
    static final String TEMPLATE = "template";
    /** The role that owns what templates hold, between runs. */
    static final String TEMPLATE_OWNER = "template-owner";
    private static final String TEMPLATE_OWNER_ROLE = "realdb_seed_owner";
    private static final String TEMPLATE_PREFIX = "realdb_seed_";

    /**
     * On an existing server, a seed restored once is kept as a template database of realdb's
     * own ({@code realdb_seed_<SHA-256 of the seed>}), and later runs of the same seed make their
     * database with {@code CREATE DATABASE ... TEMPLATE} instead of restoring it again. What the
     * template holds is owned by realdb's role {@value #TEMPLATE_OWNER_ROLE} between runs and given
     * to the run's role in its copy; the template database itself belongs to the administrator, so
     * that giving the objects away never gives it away too. Needs an administrator that is a superuser (to give objects
     * from role to role); otherwise the seed is restored every time.
     *
     * @return how it went, for the log; empty when there is no template of this seed to use
     */
    @Override
    public Optional<String> restoreFromTemplate(RunDatabase run, Path seed) {
        if (isPrivate() || !isSuperuser()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        String template = templateName(seed);
        try {
            Connection registry = registry();
            if (!OwnedObjects.isOwnedIn(registry, TEMPLATE, template, "realdb_owned") || !databaseExists(template)) {
                return Optional.empty();
            }
            String db = quoteName(run.database(), "database name");
            try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE " + db + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + db + " TEMPLATE " + quoteName(template, "database name")
                        + " OWNER " + quoteName(run.user(), "user name"));
                st.execute("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
            }
            try (Connection c = open(admin, run.database(), CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
                st.execute("REASSIGN OWNED BY " + TEMPLATE_OWNER_ROLE + " TO " + quoteName(run.user(), "user name"));
            }
            return Optional.of(String.format(java.util.Locale.ROOT, "Seed copied from the template database %s in %.1f s "
                    + "(CREATE DATABASE ... TEMPLATE)", template, (System.nanoTime() - start) / 1e9));
        } catch (SQLException e) {
            throw failure("cannot make database '" + run.database() + "' from the template " + template, e);
        }
    }

    /**
     * Keeps the run's freshly restored database as the seed's template, for later runs; does
     * nothing on a private server, without a superuser, or when another run made it meanwhile.
     *
     * @return what was done, for the log, or empty
     */
    @Override
    public Optional<String> keepAsTemplate(RunDatabase run, Path seed) {
        if (isPrivate() || !isSuperuser()) {
            return Optional.empty();
        }
        String template = templateName(seed);
        String quoted = quoteName(template, "database name");
        try {
            Connection registry = registry();
            try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
                if (databaseExists(template)) {
                    return Optional.empty();
                }
                ensureTemplateOwner(c, registry);
                awaitNoConnections(c, run.database());
                // Recorded under the run's lock until it is complete: a run killed meanwhile leaves a leftover, not a template.
                st.execute("CREATE DATABASE " + quoted + " TEMPLATE " + quoteName(run.database(), "database name"));
                OwnedObjects.recordIn(registry, OwnedObjects.DATABASE, template, run.database(), "realdb_owned");
                st.execute("REVOKE ALL ON DATABASE " + quoted + " FROM PUBLIC");
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState()) || "55006".equals(e.getSQLState())) {
                    // Made by another run meanwhile, or the run's database is busy: the next run tries again.
                    return Optional.empty();
                }
                throw e;
            }
            try (Connection c = open(admin, template, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
                st.execute("REASSIGN OWNED BY " + quoteName(run.user(), "user name") + " TO " + TEMPLATE_OWNER_ROLE);
            }
            try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement()) {
                // REASSIGN OWNED gives away the role's databases too: the run's own goes back to it.
                st.execute("ALTER DATABASE " + quoteName(run.database(), "database name") + " OWNER TO "
                        + quoteName(run.user(), "user name"));
            }
            OwnedObjects.forgetIn(registry, OwnedObjects.DATABASE, template, "realdb_owned");
            OwnedObjects.recordIn(registry, TEMPLATE, template, "", "realdb_owned");
            return Optional.of("Kept the restored seed as the template database " + template + " for later runs");
        } catch (SQLException e) {
            throw failure("cannot keep the seed as the template " + template, e);
        }
    }

    /** Made once per server, by one run at a time: runs take turns under an advisory lock. */
    private void ensureTemplateOwner(Connection c, Connection registry) throws SQLException {
        long turn = lockKey(TEMPLATE_OWNER_ROLE);
        try (PreparedStatement lock = registry.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, turn);
            lock.execute();
        }
        try {
            if (OwnedObjects.isOwnedIn(registry, TEMPLATE_OWNER, TEMPLATE_OWNER_ROLE, "realdb_owned")) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + TEMPLATE_OWNER_ROLE + " NOLOGIN");
            } catch (SQLException e) {
                if ("42710".equals(e.getSQLState())) {
                    throw new BadInputException("role '" + TEMPLATE_OWNER_ROLE + "' exists on " + admin.describe()
                            + " and realdb did not create it: realdb never changes a role it did not create", e);
                }
                throw e;
            }
            OwnedObjects.recordIn(registry, TEMPLATE_OWNER, TEMPLATE_OWNER_ROLE, "", "realdb_owned");
        } finally {
            try (PreparedStatement unlock = registry.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, turn);
                unlock.execute();
            }
        }
    }

    /**
     * Waits, at most {@link #SETTLE_TIMEOUT}, until no connection but {@code c}'s own is left on
     * {@code database}: a step's connections send their statistics as they end, and a database is
     * copied only when nobody is connected to it.
     */
    private static void awaitNoConnections(Connection c, String database) throws SQLException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
            count.setString(1, database);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean isSuperuser() {
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw failure("cannot read the administrator's role", e);
        }
    }

    private boolean databaseExists(String name) throws SQLException {
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS);
             PreparedStatement select = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {@code realdb_seed_} and the first 40 hex digits of the seed's SHA-256. */
    private String templateName(Path seed) {
        return TEMPLATE_PREFIX + checksums.sha256(seed).substring(0, 40);
    }

    private static boolean drop(Connection c, Connection registry, String kind, String name) throws SQLException {
        if (!OwnedObjects.isOwnedIn(registry, kind, name, "realdb_owned")) {
            return false;
        }
        try (Statement st = c.createStatement()) {
            if (kind.equals(OwnedObjects.DATABASE)) {
                st.execute("DROP DATABASE IF EXISTS " + quoteName(name, "database name") + " WITH (FORCE)");
            } else {
                st.execute("DROP ROLE IF EXISTS " + quoteName(name, "user name"));
            }
        }
        OwnedObjects.forgetIn(registry, kind, name, "realdb_owned");
        return true;
    }

    /** The advisory lock, in the maintenance database, of making the registry. */
    private static final long REGISTRY_SETUP_LOCK = 0x7265616c6462L;
    private static final int REGISTRY_SETUP_WAIT_SECONDS = 30;

    /**
     * Whether creating a database or table failed only because another session created it at the
     * same time: duplicate database, table or type, or a unique violation in the catalog.
     */
    private static boolean madeMeanwhile(SQLException e) {
        return java.util.Set.of("42P04", "42P07", "42710", "23505").contains(e.getSQLState());
    }

    private static boolean registryExists(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            select.setString(1, REGISTRY);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The connection to realdb's registry database that holds the run's advisory lock, opened
     * once and kept open; the database and its table are made when missing.
     */
    private synchronized Connection registry() throws SQLException {
        if (runLock == null) {
            // Runs that start at once take turns at making the registry: neither CREATE DATABASE nor
            // CREATE TABLE IF NOT EXISTS keeps two sessions apart.
            Connection c = null;
            try (Connection setup = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS);
                 Statement st = setup.createStatement()) {
                st.execute("SET lock_timeout = '" + REGISTRY_SETUP_WAIT_SECONDS + "s'");
                st.execute("SELECT pg_advisory_lock(" + REGISTRY_SETUP_LOCK + ")");
                if (!registryExists(setup)) {
                    try {
                        st.execute("CREATE DATABASE " + REGISTRY);
                    } catch (SQLException e) {
                        // Made meanwhile by a run of a realdb that did not take turns.
                        if (!madeMeanwhile(e) || !registryExists(setup)) {
                            throw e;
                        }
                    }
                }
                c = open(admin, REGISTRY, CONNECT_TIMEOUT_MILLIS);
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE TABLE IF NOT EXISTS realdb_owned (kind VARCHAR(16) NOT NULL, "
                            + "name VARCHAR(128) NOT NULL, run VARCHAR(128) NOT NULL, host VARCHAR(255) NOT NULL, "
                            + "pid BIGINT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (kind, name))");
                } catch (SQLException e) {
                    if (!madeMeanwhile(e)) {
                        throw e;
                    }
                }
                // The lock goes with the setup connection.
            } catch (SQLException e) {
                if (c != null) {
                    closeQuietly(c);
                }
                throw e;
            }
            runLock = c;
        }
        return runLock;
    }

    private void holdRun(RunDatabase run) throws SQLException {
        try (PreparedStatement lock = registry().prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, lockKey(run.database()));
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new BadInputException("another realdb run on " + admin.describe() + " works in database '"
                            + run.database() + "': give another --database");
                }
            }
        }
    }

    /** The advisory lock of a run, named by its database. */
    static long lockKey(String run) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("realdb.run." + run).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(hash).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The run database's counters, once every other connection to it has ended and so sent its
     * statistics. Each database has its own, so runs on one server do not count each other's rows.
     */
    @Override
    public RowCounts readCounters() {
        String database = counted;
        if (database == null) {
            return new RowCounts(0, 0, 0, 0);
        }
        try {
            return Bounded.call(STATEMENT_TIMEOUT.plus(SETTLE_TIMEOUT), "reading the row counters", () -> {
                try (Connection c = open(admin, database, CONNECT_TIMEOUT_MILLIS)) {
                    settle(c);
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT pg_stat_clear_snapshot()");
                        try (ResultSet rs = st.executeQuery(COUNTERS)) {
                            rs.next();
                            return new RowCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                        }
                    }
                }
            }, counts -> { });
        } catch (SQLException e) {
            throw new InfrastructureException("cannot read the row counters of " + admin.describe() + ": "
                    + SqlErrors.message(e), e);
        }
    }

    /** Catalog tables and indexes that are this database's own; shared catalogs count elsewhere. */
    private static final String CATALOG = " s JOIN pg_class c ON c.oid = s.%s WHERE NOT c.relisshared";
    private static final String COUNTERS = "SELECT"
            + " d.tup_returned - (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_sys_tables" + CATALOG.formatted("relid") + ")"
            + " - (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_sys_indexes" + CATALOG.formatted("indexrelid") + "),"
            + " d.tup_inserted - (SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_sys_tables" + CATALOG.formatted("relid") + "),"
            + " d.tup_updated - (SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_sys_tables" + CATALOG.formatted("relid") + "),"
            + " d.tup_deleted - (SELECT coalesce(sum(n_tup_del), 0) FROM pg_stat_sys_tables" + CATALOG.formatted("relid") + ")"
            + " FROM pg_stat_database d WHERE d.datname = current_database()";

    /** Waits until no other connection to this database is left, or {@link #SETTLE_TIMEOUT}. */
    private static void settle(Connection c) throws SQLException {
        awaitNoConnections(c, c.getCatalog());
    }

    @Override
    public boolean isAlive() {
        if (instance != null && !instance.process().isAlive()) {
            return false;
        }
        try {
            return Bounded.call(PROBE_TIMEOUT, "asking the server", () -> {
                try (Connection c = open(admin, MAINTENANCE_DATABASE, (int) PROBE_TIMEOUT.toMillis());
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            }, answered -> { });
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Connection errors (08), lack of resources (53), an administrator's shutdown (57P) and system errors (58). */
    @Override
    public boolean isInfrastructure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("58")) {
                    return true;
                }
            }
        }
        return !isAlive();
    }

    /**
     * Whether the server lets anyone in over its unix socket without a password for
     * {@code osUser}: a {@code local} rule with {@code trust}, or {@code peer} for that user.
     * Reading the rules needs a superuser; otherwise it cannot tell.
     */
    @Override
    public Optional<Boolean> acceptsSocketLoginAs(String osUser) {
        try (Connection c = open(admin, MAINTENANCE_DATABASE, CONNECT_TIMEOUT_MILLIS);
             PreparedStatement select = c.prepareStatement("SELECT count(*) FROM pg_hba_file_rules WHERE type = 'local' "
                     + "AND (auth_method = 'trust' OR (auth_method IN ('peer', 'ident') AND "
                     + "('all' = ANY(user_name) OR ? = ANY(user_name))))")) {
            select.setString(1, osUser);
            try (ResultSet rs = select.executeQuery()) {
                return Optional.of(rs.next() && rs.getLong(1) > 0);
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    @Override
    public String sessionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    public String killSessionStatement(long id) {
        return "SELECT pg_terminate_backend(" + id + ")";
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState());
    }

    @Override
    public String quoteName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Override
    public boolean runsScriptsWhole() {
        return true;
    }

    @Override
    public boolean restoresAsRunUser() {
        return true;
    }

    @Override
    public boolean isPrivate() {
        return instance != null;
    }

    /** The data directory of a private server; gone once it is closed. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(instance).map(PrivatePostgres::dataDir);
    }

    /** The server's process, when this run started it. */
    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(instance).map(i -> i.process().toHandle());
    }

    @Override
    public void close() {
        if (runLock != null) {
            closeQuietly(runLock);
            runLock = null;
        }
        if (instance != null) {
            instance.stop();
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + (isPrivate() ? "private server" : "server") + " at " + admin.describe();
    }

    /** Double quotes around a name; a name with a double quote or NUL is refused rather than escaped. */
    public static String quoteName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new BadInputException("empty " + what);
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new BadInputException(what + " '" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.indexOf('"') >= 0 || name.indexOf('\0') >= 0) {
            throw new BadInputException(what + " '" + name.replace("\0", "\\0")
                    + "' contains a double quote or NUL character, which realdb does not accept");
        }
        return "\"" + name + "\"";
    }

    /** A string literal; PostgreSQL takes backslashes as written in standard strings. */
    private static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new BadInputException("a password contains a NUL character");
        }
        return "'" + text.replace("'", "''") + "'";
    }

    private RuntimeException failure(String what, SQLException e) {
        String text = what + " on " + admin.describe() + ": " + SqlErrors.message(e);
        if ("3D000".equals(e.getSQLState())) {
            return new InfrastructureException(text, e);
        }
        if (SqlErrors.isAccessDenied(e) || "42501".equals(e.getSQLState())) {
            return new BadInputException(text + " (check user '" + admin.user() + "', its password and its privileges)", e);
        }
        if (isInfrastructure(e)) {
            return new InfrastructureException(text, e);
        }
        return new BadInputException(text, e);
    }
}
