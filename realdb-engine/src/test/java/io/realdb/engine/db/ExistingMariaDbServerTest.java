package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.RowCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the machine's own server at 127.0.0.1:3306 (root, no password). Others may use it at
 * the same time: names are unique, and counters are only checked to grow.
 */
class ExistingMariaDbServerTest {

    static final ConnectionInfo MACHINE = ConnectionInfo.tcp("127.0.0.1", 3306, "root", "");

    private final MariaDbEngine engine = new MariaDbEngine();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> cleanup = new ArrayList<>();
    private MariaDbServer server;

    @BeforeEach
    void connect() {
        server = engine.connectExisting(MACHINE);
    }

    @AfterEach
    void removeWhatTheTestMade() throws SQLException {
        try (Connection c = server.connect(null); Statement st = c.createStatement()) {
            for (String sql : cleanup) {
                st.execute(sql);
            }
        }
        server.close();
    }

    @Test
    void shouldConnectToARunningServerAndTellItsVersion() {
        assertThat(server.version()).contains("MariaDB");
        assertThat(server.isAlive()).isTrue();
        assertThat(server.isPrivate()).isFalse();
        assertThat(server.engineId()).isEqualTo("mariadb");
        assertThat(server.admin()).isEqualTo(MACHINE);
    }

    @Test
    void shouldCreateADatabaseThatItsNewUserCanUseOverTcpAndSocketAndRemoveItAfterwards() throws SQLException {
        RunDatabase run = new RunDatabase("realdb_test_" + suffix, "realdb_u_" + suffix, "p'a\"ss\\w%rd_" + suffix);
        cleanup.add("DROP DATABASE IF EXISTS `" + run.database() + "`");
        cleanup.add("DROP USER IF EXISTS `" + run.user() + "`@'localhost', `" + run.user() + "`@'%'");

        server.createRunDatabase(run);

        ConnectionInfo asUser = ConnectionInfo.tcp("127.0.0.1", 3306, run.user(), run.password());
        ConnectionInfo asUserOnSocket = ConnectionInfo.socket(Path.of("/run/mysqld/mysqld.sock"), run.user(), run.password());
        for (ConnectionInfo login : List.of(asUser, asUserOnSocket)) {
            try (Connection c = MariaDbServer.open(login, run.database(), 5_000, 0); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)");
                st.execute("INSERT INTO t VALUES (" + (login.socket() == null ? 1 : 2) + ")");
            }
        }
        assertThat(count("SELECT COUNT(*) FROM " + run.database() + ".t")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM realdb_registry.owned WHERE name IN ('" + run.database() + "', '"
                + run.user() + "')")).isEqualTo(2);

        server.dropRunDatabase(run);

        assertThat(count("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + run.database() + "'"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM mysql.user WHERE user = '" + run.user() + "'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM realdb_registry.owned WHERE name IN ('" + run.database() + "', '"
                + run.user() + "')")).isZero();
    }

    @Test
    void shouldNeverTouchADatabaseOrUserItDidNotCreate() throws SQLException {
        String theirs = "their_app_" + suffix;
        String theirUser = "their_user_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + theirs + "`");
        cleanup.add("DROP USER IF EXISTS `" + theirUser + "`@'localhost', `" + theirUser + "`@'%'");
        try (Connection c = server.connect(null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + theirs + "`");
            st.execute("CREATE TABLE `" + theirs + "`.orders (id INT PRIMARY KEY)");
            st.execute("INSERT INTO `" + theirs + "`.orders VALUES (1), (2), (3)");
            st.execute("CREATE USER `" + theirUser + "`@'localhost' IDENTIFIED BY 'theirs'");
        }

        assertThatThrownBy(() -> server.createRunDatabase(new RunDatabase(theirs, "rdb_x" + suffix, "pw")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("database '" + theirs + "' exists")
                .hasMessageContaining("did not create it");
        String runDatabase = "realdb_test_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + runDatabase + "`");
        assertThatThrownBy(() -> server.createRunDatabase(new RunDatabase(runDatabase, theirUser, "pw")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(theirUser).hasMessageContaining("did not create it");
        server.dropRunDatabase(new RunDatabase(theirs, theirUser, "pw"));
        assertThat(server.removeLeftovers()).noneMatch(r -> r.contains(theirs) || r.contains(theirUser));

        assertThat(count("SELECT COUNT(*) FROM `" + theirs + "`.orders")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM mysql.user WHERE user = '" + theirUser + "'")).isEqualTo(1);
    }

    @Test
    void shouldRemoveOnlyTheLeftoversOfRunsThatAreGone() throws Exception {
        RunDatabase left = new RunDatabase("realdb_left_" + suffix, "rdb_left_" + suffix, "pw-" + suffix);
        RunDatabase live = new RunDatabase("realdb_live_" + suffix, "rdb_live_" + suffix, "pw-" + suffix);
        for (RunDatabase run : List.of(left, live)) {
            cleanup.add("DROP DATABASE IF EXISTS `" + run.database() + "`");
            cleanup.add("DROP USER IF EXISTS `" + run.user() + "`@'localhost', `" + run.user() + "`@'%'");
            cleanup.add("DELETE FROM realdb_registry.owned WHERE name IN ('" + run.database() + "', '" + run.user() + "')");
        }
        // The left run ends without cleaning up, as a killed one does: its connection, and its lock, go.
        MariaDbServer leftRun = engine.connectExisting(MACHINE);
        leftRun.createRunDatabase(left);
        leftRun.close();
        server.createRunDatabase(live);

        // Another process's view, as realdb cleanup has it.
        List<String> removed;
        try (MariaDbServer cleaner = engine.connectExisting(MACHINE)) {
            removed = cleaner.removeLeftovers();
        }

        assertThat(removed).anyMatch(r -> r.contains(left.database())).anyMatch(r -> r.contains(left.user()))
                .noneMatch(r -> r.contains(live.database()) || r.contains(live.user()));
        assertThat(count("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + left.database() + "'"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + live.database() + "'"))
                .isEqualTo(1);
        server.dropRunDatabase(live);
    }

    @Test
    void shouldNotDropWhatAnotherRunCreatedUnderTheSameName() throws Exception {
        RunDatabase run = new RunDatabase("realdb_same_" + suffix, "rdb_same_" + suffix, "pw-" + suffix);
        cleanup.add("DROP DATABASE IF EXISTS `" + run.database() + "`");
        cleanup.add("DROP USER IF EXISTS `" + run.user() + "`@'localhost', `" + run.user() + "`@'%'");
        cleanup.add("DELETE FROM realdb_registry.owned WHERE name IN ('" + run.database() + "', '" + run.user() + "')");
        server.createRunDatabase(run);

        try (MariaDbServer second = engine.connectExisting(MACHINE)) {
            assertThatThrownBy(() -> second.createRunDatabase(run))
                    .isInstanceOf(BadInputException.class).hasMessageContaining(run.database());
            second.dropRunDatabase(run);
        }

        assertThat(count("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + run.database() + "'"))
                .as("the first run's database is still there").isEqualTo(1);
        server.dropRunDatabase(run);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = server.connect(null); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldSeeTheCountersGrowAfterWrites() throws SQLException {
        String database = "realdb_test_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + database + "`");
        try (Connection c = server.connect(null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
        }
        RowCounts before = server.readCounters();

        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)");
            st.execute("UPDATE t SET v = v + 1 WHERE id <= 2");
            st.execute("DELETE FROM t WHERE id = 3");
            st.executeQuery("SELECT * FROM t").close();
        }
        RowCounts delta = server.readCounters().since(before);

        assertThat(delta.inserted()).isGreaterThanOrEqualTo(3);
        assertThat(delta.updated()).isGreaterThanOrEqualTo(2);
        assertThat(delta.deleted()).isGreaterThanOrEqualTo(1);
        assertThat(delta.read()).isGreaterThanOrEqualTo(2);
        assertThat(server.counterPrefix()).isEqualTo("Rows");
    }

    @Test
    void shouldCallAWrongPasswordBadInputWithoutShowingIt() {
        String password = "wrong-Pa55word-" + suffix;
        ConnectionInfo wrong = ConnectionInfo.tcp("127.0.0.1", 3306, "root", password);

        assertThatThrownBy(() -> engine.connectExisting(wrong))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("root")
                .hasMessageContaining("127.0.0.1:3306")
                .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(password));
    }

    @Test
    void shouldCallAnUnreachableServerInfrastructure() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> engine.connectExisting(ConnectionInfo.tcp("127.0.0.1", freePort, "root", "x-" + suffix)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("127.0.0.1:" + freePort)
                .satisfies(e -> assertThat(messagesOf(e)).doesNotContain("x-" + suffix));
    }

    @Test
    void shouldCallAMissingSocketInfrastructure() {
        ConnectionInfo nowhere = ConnectionInfo.socket(Path.of("/tmp/realdb-no-such-" + suffix + ".sock"), "root", "");

        assertThatThrownBy(() -> engine.connectExisting(nowhere)).isInstanceOf(InfrastructureException.class);
    }

    @Test
    void shouldRefuseNamesThatCouldBreakOutOfTheirQuotes() {
        assertThatThrownBy(() -> server.createRunDatabase(new RunDatabase("bad`name", "u", "p")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad`name");
        assertThatThrownBy(() -> server.createRunDatabase(new RunDatabase("realdb_ok", "bad`user", "p")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad`user");
        assertThatThrownBy(() -> server.createRunDatabase(new RunDatabase("bad\0name", "u", "p")))
                .isInstanceOf(BadInputException.class);
    }

    /** Every message in the chain, with the stack trace's text, as a log would show them. */
    static String messagesOf(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
