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
    void shouldPrepareADatabaseThatItsNewUserCanUseOverTcpAndSocket() throws SQLException {
        String database = "realdb_test_" + suffix;
        String user = "realdb_u_" + suffix;
        String password = "p'a\"ss\\w%rd_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + database + "`");
        cleanup.add("DROP USER IF EXISTS `" + user + "`@'localhost', `" + user + "`@'%'");

        server.prepareDatabase(database, user, password);

        ConnectionInfo asUser = ConnectionInfo.tcp("127.0.0.1", 3306, user, password);
        ConnectionInfo asUserOnSocket = ConnectionInfo.socket(Path.of("/run/mysqld/mysqld.sock"), user, password);
        for (ConnectionInfo login : List.of(asUser, asUserOnSocket)) {
            try (Connection c = MariaDbServer.open(login, database, 5_000, 0); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)");
                st.execute("INSERT INTO t VALUES (" + (login.socket() == null ? 1 : 2) + ")");
            }
        }
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void shouldDropAndRecreateTheDatabaseEachTime() throws SQLException {
        String database = "realdb_test_" + suffix;
        String user = "realdb_u_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + database + "`");
        cleanup.add("DROP USER IF EXISTS `" + user + "`@'localhost', `" + user + "`@'%'");
        server.prepareDatabase(database, user, "secret-" + suffix);
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE leftover (id INT)");
        }

        server.prepareDatabase(database, user, "secret-" + suffix);

        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW TABLES")) {
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void shouldNotCreateTheAdministratorAsAUser() throws SQLException {
        String database = "realdb_test_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + database + "`");

        server.prepareDatabase(database, "root", null);

        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mysql.user WHERE user = 'root' AND host = '%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void shouldSeeTheCountersGrowAfterWrites() throws SQLException {
        String database = "realdb_test_" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS `" + database + "`");
        server.prepareDatabase(database, "root", null);
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
        assertThatThrownBy(() -> server.prepareDatabase("bad`name", "u", "p"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad`name");
        assertThatThrownBy(() -> server.prepareDatabase("realdb_ok", "bad`user", "p"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("bad`user");
        assertThatThrownBy(() -> server.prepareDatabase("bad\0name", "u", "p"))
                .isInstanceOf(BadInputException.class);
    }

    /** Every message in the chain, with the stack trace's text, as a log would show them. */
    static String messagesOf(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
