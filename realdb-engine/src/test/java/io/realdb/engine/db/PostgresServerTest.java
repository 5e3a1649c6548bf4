package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.RowCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL as realdb's engine: private servers from the machine's own programs, the machine's
 * server (127.0.0.1:5432, trust) as an existing one, seeds made by the real {@code pg_dump}, and
 * row counters against statements whose row counts are known.
 */
class PostgresServerTest {

    @TempDir
    Path dir;

    private static final ConnectionInfo MACHINE = ConnectionInfo.tcp("127.0.0.1", 5432, "postgres", null);

    @Test
    void privateServerListensOnItsSocketOnlyAndNeedsThePassword() throws Exception {
        Path dataDir;
        try (PostgresServer server = new PostgresEngine().startPrivate(dir.resolve("server"))) {
            assertThat(server.isPrivate()).isTrue();
            assertThat(server.version()).matches("\\d+(\\.\\d+)?.*");
            assertThat(server.admin().socket().getFileName().toString()).isEqualTo(".s.PGSQL.5432");
            assertThat(server.isAlive()).isTrue();
            dataDir = server.dataDirectory().orElseThrow();
            try (Connection c = server.connect(null); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW listen_addresses")) {
                rs.next();
                assertThat(rs.getString(1)).isEmpty();
            }
            // Without the password the socket lets nobody in, the superuser included.
            assertThatThrownBy(() -> PostgresServer.open(server.admin().withUser("postgres", null), "postgres", 2_000))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> PostgresServer.open(server.admin().withUser("postgres", "wrong"), "postgres", 2_000))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void countersOfAStepAreItsOwnRowsAndNotTheCatalogs() throws Exception {
        RunDatabase run = new RunDatabase("counted", "migrator", "pw-Zq81xT");
        try (PostgresServer server = new PostgresEngine().startPrivate(dir.resolve("server"))) {
            server.createRunDatabase(run);
            ConnectionInfo migrator = server.admin().withUser(run.user(), run.password());
            RowCounts start = server.readCounters();
            execute(server, migrator, "CREATE TABLE t (id INT PRIMARY KEY, v INT); "
                    + "INSERT INTO t SELECT g, g FROM generate_series(1, 1000) g");
            RowCounts created = server.readCounters();
            assertThat(created.since(start)).isEqualTo(new RowCounts(0, 1000, 0, 0));

            execute(server, migrator, "SELECT count(*) FROM t");
            RowCounts counted = server.readCounters();
            assertThat(counted.since(created)).isEqualTo(new RowCounts(1000, 0, 0, 0));

            execute(server, migrator, "UPDATE t SET v = v + 1 WHERE v <= 250");
            RowCounts updated = server.readCounters();
            assertThat(updated.since(counted)).isEqualTo(new RowCounts(1000, 0, 250, 0));

            execute(server, migrator, "ALTER TABLE t ADD COLUMN w INT; DELETE FROM t WHERE v > 900");
            RowCounts deleted = server.readCounters();
            assertThat(deleted.since(updated)).isEqualTo(new RowCounts(1000, 0, 0, 100));
        }
    }

    @Test
    void existingServerRunHasItsOwnDatabaseAndRoleAndRemovesOnlyThem() throws Exception {
        PostgresServer server = new PostgresEngine().connectExisting(MACHINE);
        RunDatabase run = RunDatabase.forRun("nova", null);
        try (server) {
            assertThat(server.isPrivate()).isFalse();
            server.createRunDatabase(run);
            try (Connection c = server.connectAs(MACHINE.withUser(run.user(), run.password()), run.database());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE mine (id INT)");
            }
            // Another run cannot take the same names, and nothing of the first is touched.
            try (PostgresServer other = new PostgresEngine().connectExisting(MACHINE)) {
                assertThatThrownBy(() -> other.createRunDatabase(new RunDatabase(run.database(), "rdb_other", "x1")))
                        .isInstanceOf(BadInputException.class);
                assertThat(other.removeLeftovers()).isEmpty();
            }
            assertThat(databaseExists(run.database())).isTrue();
            assertThat(server.dropRunDatabase(run)).isTrue();
            assertThat(databaseExists(run.database())).isFalse();
            assertThat(roleExists(run.user())).isFalse();
        }
    }

    @Test
    void runsStartingAtOnceOnAServerWithoutARegistryShareOneAndWhatKilledRunsLeftGoesDatabasesFirst() throws Exception {
        int runs = 4;
        try (PostgresServer fresh = new PostgresEngine().startPrivate(dir.resolve("server"))) {
            ConnectionInfo admin = fresh.admin();
            List<PostgresServer> servers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(runs);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs);
            List<RunDatabase> made = new java.util.ArrayList<>();
            try {
                List<java.util.concurrent.Future<RunDatabase>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    futures.add(pool.submit(() -> {
                        PostgresServer server = new PostgresEngine().connectExisting(admin);
                        servers.add(server);
                        RunDatabase run = RunDatabase.forRun("nova", null);
                        together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        server.createRunDatabase(run);
                        return run;
                    }));
                }
                for (java.util.concurrent.Future<RunDatabase> future : futures) {
                    made.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            for (RunDatabase run : made) {
                assertThat(exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", run.database())).isTrue();
            }

            // The runs die without cleaning up; their advisory locks go with their connections. Each run's role
            // was recorded before the database it owns, and still goes last.
            servers.forEach(PostgresServer::close);
            List<String> removed;
            try (PostgresServer cleaner = new PostgresEngine().connectExisting(admin)) {
                removed = cleaner.removeLeftovers();
            }

            assertThat(removed).hasSize(2 * runs);
            assertThat(removed.subList(0, runs)).allMatch(line -> line.startsWith("database "));
            assertThat(removed.subList(runs, 2 * runs)).allMatch(line -> line.startsWith("user "));
            for (RunDatabase run : made) {
                assertThat(exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", run.database())).isFalse();
                assertThat(exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", run.user())).isFalse();
            }
        }
    }

    @Test
    void existingDatabaseOrRoleIsRefusedAndLeftAlone() throws Exception {
        String name = "realdb_test_theirs_" + ProcessHandle.current().pid();
        try (Connection c = PostgresServer.open(MACHINE, "postgres", 5_000); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        try (PostgresServer server = new PostgresEngine().connectExisting(MACHINE)) {
            RunDatabase run = RunDatabase.forRun("nova", name);
            assertThatThrownBy(() -> server.createRunDatabase(run))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("realdb did not create it");
            server.dropRunDatabase(run);
            assertThat(databaseExists(name)).isTrue();
            // The role the refused run made is its own and goes.
            assertThat(roleExists(run.user())).isFalse();
        } finally {
            try (Connection c = PostgresServer.open(MACHINE, "postgres", 5_000); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void seedsInPlainAndCustomFormatRestoreAsTheRunUser() throws Exception {
        String source = "realdb_test_seed_" + ProcessHandle.current().pid();
        try (Connection c = PostgresServer.open(MACHINE, "postgres", 5_000); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + source);
            st.execute("CREATE DATABASE " + source);
        }
        try {
            try (Connection c = PostgresServer.open(MACHINE, source, 5_000); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE instances (id INT PRIMARY KEY, name TEXT, note TEXT)");
                st.execute("INSERT INTO instances SELECT g, 'vm-' || g, E'tab\\there; and ''quotes''' FROM generate_series(1, 500) g");
                st.execute("CREATE FUNCTION twice(x INT) RETURNS INT AS $$ BEGIN RETURN x * 2; END; $$ LANGUAGE plpgsql");
                st.execute("CREATE VIEW big AS SELECT * FROM instances WHERE id > 250");
            }
            Path plain = dir.resolve("seed.sql");
            Path custom = dir.resolve("seed.dump");
            pgDump(source, plain, "--format=plain");
            pgDump(source, custom, "--format=custom");
            assertThat(Files.readString(plain)).contains("OWNER TO postgres");

            for (Path seed : List.of(plain, custom)) {
                try (PostgresServer server = new PostgresEngine().startPrivate(dir.resolve("server-" + seed.getFileName()))) {
                    RunDatabase run = new RunDatabase("nova", "nova", "pw-" + seed.getFileName());
                    server.createRunDatabase(run);
                    ConnectionInfo migrator = server.admin().withUser(run.user(), run.password());
                    List<SeedRestorer.Progress> progress = new java.util.ArrayList<>();
                    SeedRestorer.restore(server, migrator, run.database(), java.util.Set.of(), seed, progress::add);
                    assertThat(progress).isNotEmpty();
                    try (Connection c = server.connectAs(migrator, run.database()); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT count(*), twice(count(*)::int), "
                                 + "(SELECT count(*) FROM big), (SELECT tableowner FROM pg_tables WHERE tablename = 'instances') "
                                 + "FROM instances")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(seed.toString()).isEqualTo(500);
                        assertThat(rs.getLong(2)).isEqualTo(1000);
                        assertThat(rs.getLong(3)).isEqualTo(250);
                        assertThat(rs.getString(4)).isEqualTo("nova");
                    }
                }
            }
        } finally {
            try (Connection c = PostgresServer.open(MACHINE, "postgres", 5_000); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + source);
            }
        }
    }

    @Test
    void aSeedStatementThatFailsNamesItsLine() throws Exception {
        Path seed = dir.resolve("broken.sql");
        Files.writeString(seed, "CREATE TABLE a (id INT);\nINSERT INTO a VALUES (1);\nINSERT INTO nowhere VALUES (2);\n");
        try (PostgresServer server = new PostgresEngine().startPrivate(dir.resolve("server"))) {
            RunDatabase run = new RunDatabase("nova", "nova", "pw");
            server.createRunDatabase(run);
            assertThatThrownBy(() -> SeedRestorer.restore(server, server.admin().withUser("nova", "pw"), "nova",
                    java.util.Set.of(), seed, p -> { }))
                    .isInstanceOf(SeedRestoreException.class)
                    .hasMessageContaining("line 3")
                    .hasMessageContaining("nowhere");
        }
    }

    private static void execute(PostgresServer server, ConnectionInfo who, String sql) throws SQLException {
        try (Connection c = server.connectAs(who, "counted"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void pgDump(String database, Path out, String format) throws Exception {
        Process dump = new ProcessBuilder(PostgresBinaries.locate("pg_dump").client("pg_dump").toString(),
                "-h", "127.0.0.1", "-U", "postgres", format, "--file=" + out, database)
                .redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes());
        assertThat(dump.waitFor()).as(output).isZero();
    }

    private static boolean databaseExists(String name) throws SQLException {
        return exists("SELECT 1 FROM pg_database WHERE datname = ?", name);
    }

    private static boolean roleExists(String name) throws SQLException {
        return exists("SELECT 1 FROM pg_roles WHERE rolname = ?", name);
    }

    private static boolean exists(String query, String name) throws SQLException {
        return exists(MACHINE, query, name);
    }

    private static boolean exists(ConnectionInfo server, String query, String name) throws SQLException {
        try (Connection c = PostgresServer.open(server, "postgres", 5_000);
             java.sql.PreparedStatement st = c.prepareStatement(query)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }
}
